using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Tests.Risk;

/// <summary>
/// The search against brute force: on small random tables, every combination of levels is counted directly and
/// the loss computed from its definition, row by row; the search must find the same optimum (or, when none is
/// feasible, refuse) while counting fewer combinations.
/// </summary>
public sealed class ReleaseSearchTests
{
    // Column c's value v at level l is v >> (l * shift[c]): halving (or quartering) the values at each level, a tree.
    private static readonly int[] Shift = [1, 2, 1];

    [Fact]
    public void Given_a_table_with_an_obvious_release_When_searched_Then_it_is_found()
    {
        // Eight ages and two sexes, one row each; the sex cannot be coarsened, so k = 4 needs ages in bands of 4.
        var rows = new List<int[]>();
        for (var age = 0; age < 8; age++)
        {
            rows.Add([age, 0]);
            rows.Add([age, 1]);
        }
        var result = Search([.. rows], sensitive: 0, k: 4, l: 1, bound: 0, levels: [4, 1], shifts: [1, 1]);

        Assert.NotNull(result.Chosen);
        Assert.Equal([2, 0], result.Chosen.Outcome.Levels);
        Assert.Equal(0, result.Chosen.Outcome.Suppressed);
        Assert.Equal(4, result.Chosen.Outcome.KAchieved);
    }

    [Fact]
    public void Given_random_tables_When_searched_Then_the_optimum_is_the_brute_force_one()
    {
        var random = new Random(2026);
        var counted = 0;
        var combinations = 0;
        for (var round = 0; round < 60; round++)
        {
            var n = random.Next(30, 400);
            var sensitive = round % 3 == 0 ? 1 : 0;
            var rows = Enumerable.Range(0, n).Select(_ => new[]
            {
                Skewed(random, 16), Skewed(random, 16), Skewed(random, 8), random.Next(4),
            }[..(3 + sensitive)]).ToArray();
            var (k, l) = (random.Next(2, 7), sensitive == 1 ? 2 : 1);
            var bound = random.Next(3) switch { 0 => 0, 1 => 0.05, _ => 0.2 };

            var result = Search(rows, sensitive, k, l, bound, levels: [4, 3, 4], shifts: Shift);
            var brute = BruteForce(rows, sensitive, k, l, bound, [4, 3, 4], Shift);

            if (brute is null)
            {
                Assert.Null(result.Chosen);
                Assert.NotEmpty(result.Alternatives);
                continue;
            }
            Assert.NotNull(result.Chosen);
            Assert.Equal(brute.Value.Loss, result.Chosen.Outcome.Loss, 9);
            Assert.Equal(brute.Value.Suppressed, Suppressed(rows, sensitive, k, l, Shift, result.Chosen.Outcome.Levels));
            counted += result.Evaluated;
            combinations += result.LatticeSize;
        }
        // Monotonicity and the entropy bound spare most combinations.
        Assert.True(counted < combinations * 0.6, $"counted {counted} of {combinations}");
    }

    [Fact]
    public void Given_a_table_no_release_protects_within_the_bound_When_searched_Then_it_refuses_with_the_closest()
    {
        // Every row unique at every level, and too few rows to share anything.
        int[][] rows = [[0, 0, 0], [15, 15, 7], [8, 4, 2]];

        var result = Search(rows, 0, k: 2, l: 1, bound: 0.05, levels: [2, 2, 2], shifts: [1, 1, 1]);

        Assert.Null(result.Chosen);
        var closest = result.Alternatives[0];
        Assert.Equal([1, 1, 1], closest.Levels);
        Assert.False(closest.Feasible);
        Assert.Equal(3, closest.Suppressed);
    }

    [Fact]
    public void Given_a_sensitive_attribute_When_searched_with_l_Then_every_kept_class_holds_l_values()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 300).Select(_ => new[] { random.Next(16), random.Next(16), random.Next(8), random.Next(3) }).ToArray();

        var result = Search(rows, 1, k: 3, l: 3, bound: 0.1, levels: [4, 3, 4], shifts: Shift);

        Assert.NotNull(result.Chosen);
        Assert.True(result.Chosen.Outcome.LAchieved >= 3);
        var kept = rows.GroupBy(r => Key(r, Shift, result.Chosen.Outcome.Levels))
            .Where(g => !result.Chosen.Hides(g.Key.Split(',').Select(int.Parse).ToArray()));
        Assert.All(kept, g => Assert.True(g.Select(r => r[3]).Distinct().Count() >= 3));
    }

    private static int Skewed(Random random, int size) => (int)(size * Math.Pow(random.NextDouble(), 2));

    private static SearchResult Search(int[][] rows, int sensitive, int k, int l, double bound, int[] levels, int[] shifts)
    {
        var q = rows[0].Length - sensitive;
        var columns = Enumerable.Range(0, q).Select(c => Column(rows, c, levels[c], shifts[c])).ToArray();
        var table = new TupleTable(rows[0].Length);
        foreach (var row in rows)
        {
            // Level-0 ids start at 1: 0 is the empty value.
            table.Add([.. row[..q].Select(v => v + 1), .. row[q..]], 1);
        }
        return new ReleaseSearch(columns, table, sensitive, k, l, bound).Run();
    }

    // Ids at each level: 1 + (value >> (level × shift)); 0 stays 0.
    private static LatticeColumn Column(int[][] rows, int c, int levels, int shift)
    {
        var max = rows.Max(r => r[c]) + 2;
        var rows0 = new long[max];
        foreach (var row in rows)
        {
            rows0[row[c] + 1]++;
        }
        var up = new int[levels][];
        var counts = new long[levels][];
        for (var level = 0; level < levels; level++)
        {
            up[level] = [.. Enumerable.Range(0, max).Select(id => id == 0 ? 0 : 1 + ((id - 1) >> (level * shift)))];
            counts[level] = new long[max];
            for (var id = 0; id < max; id++)
            {
                counts[level][up[level][id]] += rows0[id];
            }
        }
        return new LatticeColumn($"c{c}", [.. Enumerable.Range(0, levels).Select(l => $"L{l}")], rows0, up, counts);
    }

    private static string Key(int[] row, int[] shifts, int[] node) =>
        string.Join(',', node.Select((level, c) => 1 + (row[c] >> (level * shifts[c]))));

    private static long Suppressed(int[][] rows, int sensitive, int k, int l, int[] shifts, int[] node) =>
        rows.GroupBy(r => Key(r, shifts, node))
            .Where(g => g.Count() < k || (sensitive > 0 && l > 1 && g.Select(r => r[^1]).Distinct().Count() < l))
            .Sum(g => (long)g.Count());

    /// <summary>Every combination, the loss from its definition: Σ rows Σ columns log₂(rows sharing the released value / rows sharing the original).</summary>
    private static (double Loss, long Suppressed)? BruteForce(int[][] rows, int sensitive, int k, int l, double bound, int[] levels, int[] shifts)
    {
        var q = rows[0].Length - sensitive;
        var n = rows.Length;
        double Count(int c, int level, int value) => rows.Count(r => r[c] >> (level * shifts[c]) == value >> (level * shifts[c]));
        var max = Enumerable.Range(0, q).Sum(c => rows.Sum(r => Math.Log2(n / Count(c, 0, r[c]))));
        (double, long)? best = null;
        foreach (var node in Nodes(levels[..q]))
        {
            var suppressedRows = rows.GroupBy(r => Key(r, shifts, node))
                .Where(g => g.Count() < k || (sensitive > 0 && l > 1 && g.Select(r => r[^1]).Distinct().Count() < l))
                .SelectMany(g => g).ToHashSet();
            if (suppressedRows.Count > Math.Floor(bound * n + 1e-9) || suppressedRows.Count == n)
            {
                continue;
            }
            var loss = rows.Sum(r => Enumerable.Range(0, q).Sum(c => suppressedRows.Contains(r)
                ? Math.Log2(n / Count(c, 0, r[c]))
                : Math.Log2(Count(c, node[c], r[c]) / Count(c, 0, r[c])))) / max;
            if (best is null || loss < best.Value.Item1 - 1e-12)
            {
                best = (loss, suppressedRows.Count);
            }
        }
        return best;
    }

    private static IEnumerable<int[]> Nodes(int[] sizes) => sizes.Length == 0
        ? [[]]
        : Nodes(sizes[1..]).SelectMany(rest => Enumerable.Range(0, sizes[0]).Select(level => (int[])[level, .. rest]));
}
