namespace DataPort.Privacy.Risk;

/// <summary>
/// One quasi-identifier as the release search sees it. Values are ids: <see cref="Rows0"/> counts the rows holding each
/// level-0 id; for each level the column may be released at, <see cref="Up"/> maps every level-0 id to its id at that
/// level and <see cref="Rows"/> counts the rows per id there. Id 0 is an empty value at every level.
/// </summary>
internal sealed class LatticeColumn
{
    public LatticeColumn(string name, IReadOnlyList<string> levels, long[] rows0, int[][] up, long[][] rows)
    {
        Name = name;
        Levels = levels;
        Rows0 = rows0;
        Up = up;
        Rows = rows;
        Entropy = [.. Enumerable.Range(0, levels.Count).Select(EntropyAt)];
        Total = rows0.Sum();
        MaxEntropy = rows0.Sum(count => count == 0 ? 0 : count * Math.Log2((double)Total / count));
    }

    public string Name { get; }

    public IReadOnlyList<string> Levels { get; }

    public long[] Rows0 { get; }

    public int[][] Up { get; }

    public long[][] Rows { get; }

    public long Total { get; }

    /// <summary>
    /// Non-uniform entropy lost at each level: Σ over rows of log₂(rows sharing the coarsened value / rows sharing the
    /// level-0 value). It grows as levels coarsen, which is what bounds the search.
    /// </summary>
    public double[] Entropy { get; }

    /// <summary>The entropy lost if every value were hidden: Σ over rows of log₂(all rows / rows sharing the level-0 value).</summary>
    public double MaxEntropy { get; }

    /// <summary>What hiding one row whose value has id <paramref name="id"/> at <paramref name="level"/> adds to the loss.</summary>
    public double HiddenCost(int level, int id) => Math.Log2((double)Total / Rows[level][id]);

    private double EntropyAt(int level)
    {
        var (up, rows) = (Up[level], Rows[level]);
        double sum = 0;
        for (var id = 1; id < up.Length; id++)
        {
            var count = Rows0[id];
            if (count > 0)
            {
                sum += count * Math.Log2((double)rows[up[id]] / count);
            }
        }
        return sum;
    }
}
