using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using DataPort.Privacy.Generalisation;
using DataPort.Privacy.Masking;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// A quasi-identifier (or a sensitive attribute) through both passes. The first reads each row's value as the id of its
/// level-0 label; after the search the second writes each row's label at the chosen level. A column with no hierarchy
/// has one level: what its operator makes of it.
/// </summary>
internal sealed class QuasiColumn
{
    private readonly ArrayBufferWriter<byte> _masked = new(256);
    private char[] _chars = new char[256];
    private char[] _label = new char[512];
    private int[] _up = [];
    private byte[]?[] _output = [];
    private string?[][] _labels = [];

    /// <param name="allowed">The hierarchy levels (indices) the column may be released at: all of them, or the one it is fixed at.</param>
    public QuasiColumn(ColumnPlan plan, Hierarchy? hierarchy, int[] allowed)
    {
        Plan = plan;
        Hierarchy = hierarchy;
        Allowed = allowed;
    }

    /// <summary>
    /// The column for another worker of the writing pass: its own scratch buffers and plan (whose masker keeps state),
    /// the same ids and chosen labels, which the writing pass only reads.
    /// </summary>
    public QuasiColumn ForWorker(ColumnPlan plan) => new(plan, Hierarchy, Allowed, Ids)
    {
        _up = _up,
        _output = _output,
        _labels = _labels,
    };

    private QuasiColumn(ColumnPlan plan, Hierarchy? hierarchy, int[] allowed, ValueIds ids)
        : this(plan, hierarchy, allowed) => Ids = ids;

    public ColumnPlan Plan { get; }

    public Hierarchy? Hierarchy { get; }

    public int[] Allowed { get; }

    public ValueIds Ids { get; } = new();

    public string Name => Plan.Decision.Name;

    public IReadOnlyList<string> AllLevels => Hierarchy?.Levels ?? [Plan.Operator.Describe()];

    public bool Fixed => Hierarchy is not null && Allowed.Length == 1 && Hierarchy.Levels.Count > 1;

    /// <summary>The id of the value's level-0 label; the label is added (and its row counted) when <paramref name="add"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Read(ReadOnlySpan<byte> raw, bool add)
    {
        ReadOnlySpan<char> label;
        if (Hierarchy is null)
        {
            _masked.ResetWrittenCount();
            if (!Plan.Apply(raw, _masked))
            {
                return Empty(add);
            }
            label = Decode(_masked.WrittenSpan);
        }
        else
        {
            var value = Utf8Masking.Trim(raw);
            if (value.IsEmpty)
            {
                return Empty(add);
            }
            var chars = Decode(value);
            var room = Hierarchy.MaxLabelLength(chars.Length);
            if (_label.Length < room)
            {
                _label = new char[Math.Max(room, _label.Length * 2)];
            }
            var length = Hierarchy.Base(chars, _label);
            label = length < 0 ? Hierarchy.Unknown : _label.AsSpan(0, length);
        }
        if (add)
        {
            return Ids.Add(label);
        }
        var id = Ids.Find(label);
        return id >= 0 ? id : throw new InvalidOperationException($"column {Name}: a value not seen in the first pass; the file changed while it was read");
    }

    /// <summary>
    /// The search's view of the column: for each allowed level, every level-0 id's id there and the rows per id. Each
    /// level is made from the distinct labels of the one before (every level is a function of the finer ones), so a
    /// column of a million precise locations is coarsened a million times once, not once per level.
    /// </summary>
    public LatticeColumn ToLattice()
    {
        var rows0 = Ids.Rows;
        var up = new int[Allowed.Length][];
        var rows = new long[Allowed.Length][];
        _labels = new string?[Allowed.Length][];
        var (finerUp, finerLabels) = (Enumerable.Range(0, Ids.Count).ToArray(), Ids.Labels.ToArray());
        for (var a = 0; a < Allowed.Length; a++)
        {
            var level = Allowed[a];
            var (parent, labels) = level == 0 || Hierarchy is null ? (Enumerable.Range(0, finerLabels.Length).ToArray(), finerLabels) : Coarsen(finerLabels, level);
            up[a] = [.. finerUp.Select(id => parent[id])];
            rows[a] = new long[labels.Length];
            for (var id = 0; id < rows0.Length; id++)
            {
                rows[a][up[a][id]] += rows0[id];
            }
            _labels[a] = labels;
            (finerUp, finerLabels) = (up[a], labels);
        }
        return new LatticeColumn(Name, [.. Allowed.Select(i => AllLevels[i])], rows0, up, rows);
    }

    /// <summary>Prepares <see cref="Write"/> for the level chosen (an index into <see cref="Allowed"/>).</summary>
    public void Choose(LatticeColumn lattice, int chosen)
    {
        _up = lattice.Up[chosen];
        _output = [.. _labels[chosen].Select(label => label is null ? null : Encoding.UTF8.GetBytes(label))];
    }

    // Each finer label's id among the coarser labels, and those labels (id 0, the empty value, stays 0).
    private (int[] Parent, string?[] Labels) Coarsen(string?[] finer, int level)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new List<string?> { null };
        var parent = new int[finer.Length];
        for (var id = 1; id < finer.Length; id++)
        {
            var coarse = Hierarchy!.Coarsen(finer[id]!, level);
            if (!ids.TryGetValue(coarse, out var coarseId))
            {
                coarseId = labels.Count;
                ids[coarse] = coarseId;
                labels.Add(coarse);
            }
            parent[id] = coarseId;
        }
        return (parent, [.. labels]);
    }

    /// <summary>The id at the chosen level of a level-0 id (what the row's class is keyed by).</summary>
    public int Coarse(int id) => _up[id];

    /// <summary>Appends the label at the chosen level for a level-0 id; false for an empty value.</summary>
    public bool Write(int id, ArrayBufferWriter<byte> output)
    {
        if (_output[_up[id]] is not { } label)
        {
            return false;
        }
        output.Write(label);
        return true;
    }

    private int Empty(bool add)
    {
        if (add)
        {
            Ids.AddEmpty();
        }
        return 0;
    }

    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }
        return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
    }
}
