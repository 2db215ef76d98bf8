using System.Diagnostics;
using DataPort.Privacy.Generalisation;
using DataPort.Privacy.Policy;
using DataPort.Privacy.Risk;

namespace DataPort.Privacy.Pipeline;

/// <summary>
/// The first pass and the search: reads every row's quasi-identifiers (and sensitive attributes) as ids, searches the
/// lattice of their levels for the release, and prepares each quasi-identifier to write its chosen level.
/// </summary>
internal sealed class ReleasePlan
{
    private ReleasePlan(QuasiColumn[] quasi, LatticeColumn[] lattice, SearchResult result, RiskSettings risk, double seconds)
    {
        Quasi = quasi;
        Lattice = lattice;
        Result = result;
        Risk = risk;
        SearchSeconds = seconds;
    }

    public QuasiColumn[] Quasi { get; }

    public LatticeColumn[] Lattice { get; }

    public SearchResult Result { get; }

    public RiskSettings Risk { get; }

    public double SearchSeconds { get; }

    public ChosenRelease? Chosen => Result.Chosen;

    public static QuasiColumn[] QuasiColumns(IEnumerable<ColumnPlan> quasi, MaskingPolicy policy) => [.. quasi.Select(plan =>
    {
        var name = plan.Decision.Name;
        Hierarchy? hierarchy;
        try
        {
            hierarchy = policy.HierarchyOf(name, plan.Decision.Entity);
        }
        catch (HierarchyException e)
        {
            throw new PolicyException($"column {name}: {e.Message}");
        }
        var levels = hierarchy?.Levels ?? [plan.Operator.Describe()];
        var allowed = Enumerable.Range(0, levels.Count).ToArray();
        if (hierarchy is not null && policy.FixedLevelOf(name) is { } level)
        {
            var index = hierarchy.Levels.ToList().IndexOf(level);
            allowed = index >= 0 ? [index] : throw new PolicyException($"column {name} cannot be released at '{level}': its levels are {string.Join(", ", levels)}");
        }
        return new QuasiColumn(plan, hierarchy, allowed);
    })];

    /// <summary>Reads the file once for the ids, then searches.</summary>
    public static ReleasePlan Make(PrivacyPipeline.RunState run, QuasiColumn[] quasi, QuasiColumn[] sensitive)
    {
        var rows = Scan(run, quasi, sensitive);
        run.Progress?.Report(new PipelineProgress("search", 0, run.TotalBytes, run.TotalBytes));
        var watch = Stopwatch.StartNew();
        var lattice = quasi.Select(q => q.ToLattice()).ToArray();
        var risk = run.Request.Policy.Risk;
        SearchResult result;
        try
        {
            result = new ReleaseSearch(lattice, rows, sensitive.Length, risk.K, risk.L, risk.SuppressionBound).Run();
        }
        catch (ArgumentException e)
        {
            throw new PolicyException(e.Message);
        }
        if (result.Chosen is { } chosen)
        {
            for (var c = 0; c < quasi.Length; c++)
            {
                quasi[c].Choose(lattice[c], chosen.Outcome.Levels[c]);
            }
        }
        return new ReleasePlan(quasi, lattice, result, risk, watch.Elapsed.TotalSeconds);
    }

    private static TupleTable Scan(PrivacyPipeline.RunState run, QuasiColumn[] quasi, QuasiColumn[] sensitive)
    {
        var columns = quasi.Concat(sensitive).ToArray();
        var rows = new TupleTable(columns.Length, 1 << 12);
        var tuple = new int[columns.Length];
        using var source = CsvSources.Open(run.Request.InputPath);
        using var batches = new RowBatches(source, [.. columns.Select(c => c.Plan.Index)], run.CancellationToken);
        long read = 0;
        foreach (var batch in batches.Read())
        {
            for (var r = 0; r < batch.Rows; r++)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    tuple[c] = columns[c].Read(batch.Field(r, c), add: true);
                }
                rows.Add(tuple, 1);
            }
            read += batch.Rows;
            batches.Recycle(batch);
            run.Progress?.Report(new PipelineProgress("scan", read, batch.BytesRead, run.TotalBytes));
        }
        return rows;
    }

    /// <summary>The risk section of the report for this plan, with the rows actually suppressed by the writing pass.</summary>
    public RiskReport Report(long rowsSuppressed, IReadOnlyList<string> sensitive)
    {
        var chosen = Result.Chosen?.Outcome;
        return new RiskReport(Risk.K, Risk.QuasiIdentifiers, Risk.OnRisk == OnRisk.Fail ? "fail" : "suppress-rows",
            chosen?.SmallestClass, chosen?.KAchieved, chosen?.Classes ?? 0, rowsSuppressed)
        {
            L = Risk.L,
            SensitiveAttributes = sensitive,
            LAchieved = chosen?.LAchieved,
            MaxSuppression = Risk.SuppressionBound,
            Loss = chosen?.Loss,
            Levels = [.. Quasi.Select((q, c) => new LevelReport(q.Name, chosen is null ? "" : Lattice[c].Levels[chosen.Levels[c]], q.AllLevels, q.Fixed))],
            Candidates = [.. Result.Alternatives.Select(Candidate)],
            Refused = chosen is null,
            LatticeSize = Result.LatticeSize,
            CombinationsEvaluated = Result.Evaluated,
        };
    }

    private CandidateReport Candidate(NodeOutcome outcome) => new(
        [.. outcome.Levels.Select((level, c) => Lattice[c].Levels[level])],
        outcome.Suppressed, Math.Round(outcome.SuppressedShare, 6), outcome.KAchieved, outcome.LAchieved, Math.Round(outcome.Loss, 6), outcome.Feasible);
}
