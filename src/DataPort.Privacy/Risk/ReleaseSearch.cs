namespace DataPort.Privacy.Risk;

/// <summary>
/// Finds the levels to release the quasi-identifiers at: the combination that reaches k (and distinct ℓ-diversity)
/// with at most the allowed share of rows suppressed, and loses the least information (normalised non-uniform
/// entropy, counting a suppressed row as every value hidden). Two facts prune the lattice of combinations:
/// <list type="bullet">
/// <item>Feasibility is monotone: coarsening only merges classes, so once a combination needs few enough rows
/// suppressed every coarser one does too, and once one fails every finer one fails. Probing each column with the
/// others at their coarsest finds, for each, the finest level any feasible release can use.</item>
/// <item>The entropy of the levels alone only grows as they coarsen and never exceeds the loss. Combinations are
/// visited in order of it, and the search stops when it reaches the best loss found: nothing later can do better.</item>
/// </list>
/// Classes are counted over the distinct rows, not the rows; a combination's classes are rolled up from the
/// smallest finer combination already counted.
/// </summary>
internal sealed class ReleaseSearch
{
    /// <summary>Beyond this many combinations the policy declares too many levels for one table.</summary>
    public const int MaxLatticeSize = 250_000;

    private readonly LatticeColumn[] _columns;
    private readonly TupleTable _rows;
    private readonly int _sensitive;
    private readonly int _k;
    private readonly int _l;
    private readonly long _total;
    private readonly long _allowed;
    private readonly double _maxEntropy;
    private readonly Dictionary<string, NodeOutcome> _evaluated = [];
    private readonly List<int[]> _infeasible = [];
    private readonly List<Projection> _cache = [];
    private readonly Projection _bottom;
    private readonly int[] _slots;
    private int[] _classOf = [];
    private long _cached;
    private long[] _pairKeys = [];
    private int[] _pairOrder = [];
    private ChosenRelease? _best;

    /// <param name="rows">Distinct rows: the quasi-identifiers' level-0 ids, then the sensitive attributes' ids, with counts.</param>
    public ReleaseSearch(LatticeColumn[] columns, TupleTable rows, int sensitive, int k, int l, double maxSuppressedShare)
    {
        _columns = columns;
        _rows = rows;
        (_k, _l) = (k, l);
        _sensitive = l > 1 ? sensitive : 0;
        _total = columns.Length > 0 ? columns[0].Total : 0;
        _allowed = (long)Math.Floor(maxSuppressedShare * _total + 1e-9);
        _maxEntropy = columns.Sum(c => c.MaxEntropy);
        _slots = ClassTable.SlotsFor(rows.Count);
        var all = Enumerable.Range(0, rows.Count).ToArray();
        _bottom = new Projection(null, all, [.. all.Select(i => rows.CountOf(i))]);
    }

    public SearchResult Run()
    {
        var sizes = _columns.Select(c => c.Levels.Count).ToArray();
        var latticeSize = sizes.Aggregate(1L, (product, size) => product * size);
        if (latticeSize > MaxLatticeSize)
        {
            throw new ArgumentException(
                $"{latticeSize:N0} combinations of levels for {_columns.Length} quasi-identifiers is more than one release search weighs ({MaxLatticeSize:N0}); declare fewer levels or fix some columns' levels.");
        }
        var top = sizes.Select(size => size - 1).ToArray();
        var topOutcome = Evaluate(top);
        if (!topOutcome.Feasible)
        {
            return Refused(top, (int)latticeSize);
        }
        var floor = FinestFeasibleLevels(top);
        foreach (var node in NodesByEntropy(sizes, floor))
        {
            if (_best is not null && Entropy(node) >= _best.Outcome.Loss - 1e-12)
            {
                break;
            }
            if (_evaluated.ContainsKey(Id(node)))
            {
                continue;
            }
            if (_infeasible.Any(failed => AtMost(node, failed)))
            {
                continue;
            }
            Evaluate(node);
        }
        var alternatives = _evaluated.Values.Where(o => o.Feasible && o != _best!.Outcome).OrderBy(o => o.Loss).Take(3).ToList();
        return new SearchResult(_best, alternatives, (int)latticeSize, _evaluated.Count, _rows.Count);
    }

    /// <summary>
    /// For each column, the finest level at which it can be part of a feasible release: found by bisecting its levels
    /// with every other column at its coarsest (if that fails, so does every release with the column that fine).
    /// </summary>
    private int[] FinestFeasibleLevels(int[] top)
    {
        var floor = new int[top.Length];
        for (var c = 0; c < top.Length; c++)
        {
            var (low, high) = (0, top[c]); // high is feasible
            while (low < high)
            {
                var middle = (low + high) / 2;
                var probe = (int[])top.Clone();
                probe[c] = middle;
                if (Evaluate(probe).Feasible)
                {
                    high = middle;
                }
                else
                {
                    low = middle + 1;
                }
            }
            floor[c] = low;
        }
        return floor;
    }

    private SearchResult Refused(int[] top, int latticeSize)
    {
        // The coarsest release needs the fewest rows suppressed; one level finer in a column shows what that column costs.
        for (var c = 0; c < top.Length; c++)
        {
            if (top[c] > 0)
            {
                var finer = (int[])top.Clone();
                finer[c]--;
                Evaluate(finer);
            }
        }
        var closest = _evaluated.Values.OrderBy(o => o.Suppressed).ThenBy(o => o.Loss).Take(4).ToList();
        return new SearchResult(null, closest, latticeSize, _evaluated.Count, _rows.Count);
    }

    private IEnumerable<int[]> NodesByEntropy(int[] sizes, int[] floor)
    {
        var nodes = new List<int[]>();
        var node = (int[])floor.Clone();
        while (true)
        {
            nodes.Add((int[])node.Clone());
            var c = 0;
            while (c < node.Length && ++node[c] == sizes[c])
            {
                node[c] = floor[c];
                c++;
            }
            if (c == node.Length)
            {
                break;
            }
        }
        return nodes.OrderBy(Entropy).ThenBy(n => n.Sum());
    }

    private double Entropy(int[] node)
    {
        double sum = 0;
        for (var c = 0; c < node.Length; c++)
        {
            sum += _columns[c].Entropy[node[c]];
        }
        return _maxEntropy == 0 ? 0 : sum / _maxEntropy;
    }

    private NodeOutcome Evaluate(int[] node)
    {
        var id = Id(node);
        if (_evaluated.TryGetValue(id, out var known))
        {
            return known;
        }
        var source = _cache.Where(p => AtMost(p.Levels!, node)).MinBy(p => p.Rep.Length) ?? _bottom;
        var (outcome, hiddenClasses, projection) = Count(node, source);
        _evaluated[id] = outcome;
        if (!outcome.Feasible)
        {
            _infeasible.Add(node);
        }
        else if (hiddenClasses is not null)
        {
            _best = new ChosenRelease(outcome, hiddenClasses);
        }
        if (projection is not null)
        {
            _cache.Add(projection);
            _cached += projection.Rep.Length;
        }
        return outcome;
    }

    /// <summary>
    /// Whether a combination's distinct rows are kept, to roll coarser combinations up from: while they are much fewer
    /// than the table's, up to a million in all (12 MB).
    /// </summary>
    private bool WorthKeeping(int distinctRows) => distinctRows <= _rows.Count / 2 && _cached + distinctRows <= 1_000_000;

    private (NodeOutcome, TupleTable?, Projection?) Count(int[] node, Projection source)
    {
        var q = _columns.Length;
        using var classes = new ClassTable([.. node.Select((level, c) => _columns[c].Rows[level].Length)], source.Rep.Length, _slots);
        if (_classOf.Length < source.Rep.Length)
        {
            _classOf = new int[_rows.Count];
        }
        var classOf = _classOf.AsSpan(0, source.Rep.Length);
        Span<int> key = stackalloc int[q];
        for (var e = 0; e < source.Rep.Length; e++)
        {
            var row = _rows.Key(source.Rep[e]);
            for (var c = 0; c < q; c++)
            {
                key[c] = _columns[c].Up[node[c]][row[c]];
            }
            classOf[e] = classes.Add(key, source.Count[e]);
        }
        int[]? diversity = null;
        Projection? projection = null;
        if (_sensitive > 0)
        {
            (diversity, projection) = Diversity(node, source, classOf, classes.Count);
        }
        else if (WorthKeeping(classes.Count))
        {
            projection = Project(node, source, classOf, classes);
        }

        long suppressed = 0, smallest = long.MaxValue, smallestOfAll = long.MaxValue;
        int? fewest = null;
        var hiddenCost = 0.0;
        for (var cls = 0; cls < classes.Count; cls++)
        {
            var size = classes.CountOf(cls);
            smallestOfAll = Math.Min(smallestOfAll, size);
            if (size < _k || (diversity is not null && diversity[cls] < _l))
            {
                suppressed += size;
                classes.KeyOf(cls, key);
                for (var c = 0; c < q; c++)
                {
                    hiddenCost += size * _columns[c].HiddenCost(node[c], key[c]);
                }
                continue;
            }
            smallest = Math.Min(smallest, size);
            if (diversity is not null)
            {
                fewest = Math.Min(fewest ?? int.MaxValue, diversity[cls]);
            }
        }
        var entropy = node.Select((level, c) => _columns[c].Entropy[level]).Sum();
        var loss = _maxEntropy == 0 ? 0 : Math.Min(1, (entropy + hiddenCost) / _maxEntropy);
        var feasible = suppressed <= _allowed && (suppressed < _total || _total == 0);
        var outcome = new NodeOutcome(node, _total, suppressed, smallestOfAll == long.MaxValue ? 0 : smallestOfAll, smallest == long.MaxValue ? 0 : smallest,
            _sensitive > 0 ? fewest ?? 0 : null, classes.Count, loss, feasible);
        var better = feasible && (_best is null || loss < _best.Outcome.Loss);
        return (outcome, better ? HiddenClasses(classes, diversity) : null, projection);
    }

    /// <summary>The keys of the classes too small (or too uniform) to release, for the writing pass to drop their rows.</summary>
    private TupleTable HiddenClasses(ClassTable classes, int[]? diversity)
    {
        var hidden = new TupleTable(_columns.Length, 64);
        Span<int> key = stackalloc int[_columns.Length];
        for (var cls = 0; cls < classes.Count; cls++)
        {
            var size = classes.CountOf(cls);
            if (size < _k || (diversity is not null && diversity[cls] < _l))
            {
                classes.KeyOf(cls, key);
                hidden.Add(key, size);
            }
        }
        return hidden;
    }

    /// <summary>
    /// Per class, the fewest distinct values any sensitive attribute has in it: the (class, value) pairs are sorted and
    /// counted, in buffers kept from one count to the next (a hash set of a million pairs per count was the search's
    /// largest cost and allocation). With one attribute those pairs are also the combination's distinct rows, kept to
    /// roll coarser combinations up from when they are few enough.
    /// </summary>
    private (int[] Fewest, Projection? Pairs) Diversity(int[] node, Projection source, ReadOnlySpan<int> classOf, int classCount)
    {
        var n = classOf.Length;
        if (_pairKeys.Length < n)
        {
            (_pairKeys, _pairOrder) = (new long[_rows.Count], new int[_rows.Count]);
        }
        var keys = _pairKeys.AsSpan(0, n);
        var order = _pairOrder.AsSpan(0, n);
        var fewest = new int[classCount];
        Array.Fill(fewest, int.MaxValue);
        var distinct = new int[classCount];
        Projection? pairs = null;
        var q = _columns.Length;
        for (var s = 0; s < _sensitive; s++)
        {
            for (var e = 0; e < n; e++)
            {
                keys[e] = ((long)classOf[e] << 32) | (uint)_rows.Key(source.Rep[e])[q + s];
                order[e] = e;
            }
            keys.Sort(order);
            Array.Clear(distinct);
            var runs = 0;
            for (var i = 0; i < n; i++)
            {
                if (i == 0 || keys[i] != keys[i - 1])
                {
                    distinct[(int)(keys[i] >> 32)]++;
                    runs++;
                }
            }
            for (var cls = 0; cls < classCount; cls++)
            {
                fewest[cls] = Math.Min(fewest[cls], distinct[cls]);
            }
            if (_sensitive == 1 && WorthKeeping(runs))
            {
                pairs = Pairs(node, source, keys, order, runs);
            }
        }
        if (_sensitive > 1 && WorthKeeping(n / 2))
        {
            pairs = Project(node, source, classOf);
        }
        return (fewest, pairs);
    }

    // The sorted (class, value) pairs as distinct rows: the first row of each run stands for it, with the run's count.
    private static Projection Pairs(int[] node, Projection source, ReadOnlySpan<long> keys, ReadOnlySpan<int> order, int runs)
    {
        var rep = new int[runs];
        var count = new long[runs];
        var run = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                rep[++run] = source.Rep[order[i]];
            }
            count[run] += source.Count[order[i]];
        }
        return new Projection((int[])node.Clone(), rep, count);
    }

    // Without sensitive attributes a combination's distinct rows are its classes: one representative row each.
    private static Projection Project(int[] node, Projection source, ReadOnlySpan<int> classOf, ClassTable classes)
    {
        var rep = new int[classes.Count];
        Array.Fill(rep, -1);
        for (var e = 0; e < classOf.Length; e++)
        {
            if (rep[classOf[e]] < 0)
            {
                rep[classOf[e]] = source.Rep[e];
            }
        }
        return new Projection((int[])node.Clone(), rep, [.. Enumerable.Range(0, classes.Count).Select(classes.CountOf)]);
    }

    // With them, the distinct (class, sensitive values) pairs, so a coarser combination can still count ℓ.
    private Projection Project(int[] node, Projection source, ReadOnlySpan<int> classOf)
    {
        var q = _columns.Length;
        var pairs = new TupleTable(1 + _sensitive, Math.Min(source.Rep.Length, 1 << 16));
        var reps = new List<int>();
        Span<int> key = stackalloc int[1 + _sensitive];
        for (var e = 0; e < classOf.Length; e++)
        {
            var row = _rows.Key(source.Rep[e]);
            key[0] = classOf[e];
            row.Slice(q, _sensitive).CopyTo(key[1..]);
            if (pairs.Add(key, source.Count[e]) == reps.Count)
            {
                reps.Add(source.Rep[e]);
            }
        }
        return new Projection((int[])node.Clone(), [.. reps], [.. Enumerable.Range(0, pairs.Count).Select(pairs.CountOf)]);
    }

    private static bool AtMost(int[] node, int[] other)
    {
        for (var c = 0; c < node.Length; c++)
        {
            if (node[c] > other[c])
            {
                return false;
            }
        }
        return true;
    }

    private static string Id(int[] node) => string.Join(',', node);

    /// <summary>The distinct rows at some combination: a representative row of each and how many rows it stands for.</summary>
    private sealed record Projection(int[]? Levels, int[] Rep, long[] Count);
}
