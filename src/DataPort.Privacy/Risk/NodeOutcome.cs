namespace DataPort.Privacy.Risk;

/// <summary>
/// What releasing at one combination of levels would give: the classes' sizes, the rows that would have to be
/// suppressed to reach k (and ℓ), and the information lost.
/// </summary>
/// <param name="Levels">Per quasi-identifier, the index of its level among the levels it may take.</param>
/// <param name="SmallestClass">The smallest class before any row is suppressed.</param>
/// <param name="KAchieved">The smallest class kept; 0 when none is.</param>
/// <param name="LAchieved">The fewest distinct sensitive values in a class kept; null when ℓ-diversity is not asked.</param>
/// <param name="Loss">Normalised non-uniform entropy: 0 releases every quasi-identifier at its finest level with no row suppressed, 1 hides them all.</param>
internal sealed record NodeOutcome(int[] Levels, long Rows, long Suppressed, long SmallestClass, long KAchieved, long? LAchieved, int Classes, double Loss, bool Feasible)
{
    public double SuppressedShare => Rows == 0 ? 0 : (double)Suppressed / Rows;
}

/// <summary>The search's answer: the release chosen (null when none reaches k within the bound) and what it weighed.</summary>
/// <param name="Alternatives">When a release was chosen, the next best ones found; when none was, the closest: those that would need the fewest rows suppressed.</param>
/// <param name="Rows">Distinct rows the search counted over (what its tables grew with).</param>
internal sealed record SearchResult(ChosenRelease? Chosen, IReadOnlyList<NodeOutcome> Alternatives, int LatticeSize, int Evaluated, int Rows);

/// <summary>The chosen levels, with the keys of the classes whose rows are suppressed.</summary>
internal sealed class ChosenRelease(NodeOutcome outcome, TupleTable hiddenClasses)
{
    public NodeOutcome Outcome { get; } = outcome;

    /// <summary>Whether a row whose quasi-identifiers have these ids at the chosen levels is suppressed.</summary>
    public bool Hides(ReadOnlySpan<int> classKey) => hiddenClasses.IndexOf(classKey) >= 0;
}
