namespace DataPort.Privacy.Policy;

/// <summary>How the policy treats one entity: its grade and, optionally, its own operator (else the grade's).</summary>
public sealed record EntityRule(Grade Grade, OperatorSpec? Operator);

/// <summary>A rule for one column by header: forces the entity (or "none") and/or the grade and operator.</summary>
public sealed record ColumnRule(string? Entity, bool EntityForced, Grade? Grade, OperatorSpec? Operator)
{
    /// <summary>
    /// Overrides the risk settings' quasi-identifier list for this column: <c>false</c> for values that locate a
    /// place rather than a person (a bus stop's coordinates), which say nothing about who is in a row.
    /// </summary>
    public bool? QuasiIdentifier { get; init; }

    /// <summary>This column's generalisation levels, finest first, in place of its entity's (a dataset's own, from the catalog).</summary>
    public IReadOnlyList<string>? Hierarchy { get; init; }

    /// <summary>The one level this column is released at (the owner's choice); the search then chooses only the others.</summary>
    public string? Level { get; init; }

    /// <summary>Overrides the sensitive-attribute list for this column.</summary>
    public bool? SensitiveAttribute { get; init; }
}
