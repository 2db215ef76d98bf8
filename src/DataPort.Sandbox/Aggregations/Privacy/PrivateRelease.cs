namespace DataPort.Sandbox.Aggregations.Privacy;

/// <summary>
/// Turns an aggregation's true figures into what an aggregate-only grant may see, at ε for the whole answer. Each row
/// is one person and lands in one group, so groups compose in parallel and ε is split only across what each group
/// releases: its count, and each metric that needs its own noise.
/// <list type="bullet">
/// <item>Counts and sums get discrete Laplace noise of scale Δ/ε (sums in whole steps of the metric's grain, Δ being
/// the largest clamped value in steps); an average is a noisy centred sum over a noisy count, clamped to its bounds.</item>
/// <item>A group is released only when its noisy count reaches <see cref="Threshold"/>, so a group of one person shows
/// with probability at most <see cref="Delta"/>, and nothing says how many were held back.</item>
/// <item>A quantile is picked among 256 bins between the bounds by the exponential mechanism (utility: minus the distance
/// of the bin's rank from the asked-for rank, sensitivity 1).</item>
/// </list>
/// </summary>
internal sealed class PrivateRelease
{
    /// <summary>Per aggregation: the chance that a group of one person is released at all.</summary>
    public const double Delta = 1e-7;

    public PrivateRelease(double epsilon, int minimumGroupSize, IReadOnlyList<MetricPlan> metrics)
    {
        PartEpsilon = epsilon / (1 + metrics.Count(m => m.SpendsBudget));
        // P(Z ≥ m) = t^m / (1 + t) for discrete Laplace with t = e^-ε: one person's group clears τ with probability ≤ δ.
        var reach = (Math.Log(1 / Delta) - Math.Log(1 + Math.Exp(-PartEpsilon))) / PartEpsilon;
        Threshold = Math.Max(minimumGroupSize, 1 + (long)Math.Ceiling(reach));
    }

    /// <summary>The ε each noisy part of a group (its count, each metric) gets.</summary>
    public double PartEpsilon { get; }

    /// <summary>The noisy count a group needs to be released.</summary>
    public long Threshold { get; }

    /// <summary>The group's noisy row count, or null if the group stays hidden.</summary>
    public long? ReleasedCount(long rows)
    {
        var noisy = rows + SecureNoise.DiscreteLaplace(1 / PartEpsilon);
        return noisy >= Threshold ? noisy : null;
    }

    /// <summary>
    /// The noisy value of <paramref name="plan"/> for a released group: <paramref name="values"/> are the groups query's
    /// columns, <paramref name="histogram"/> the group's bin counts for a quantile.
    /// </summary>
    public object? Metric(MetricPlan plan, object?[] values, long releasedRows, IReadOnlyDictionary<int, long>? histogram)
    {
        var at = plan.FirstOrdinal;
        switch (plan.Function)
        {
            case "count" when plan.Column is null:
                return releasedRows;
            case "count":
                return Math.Max(0, Convert.ToInt64(values[at]) + SecureNoise.DiscreteLaplace(1 / PartEpsilon));
            case "sum":
                return (Convert.ToDecimal(values[at]) + SecureNoise.DiscreteLaplace(plan.StepSensitivity / PartEpsilon)) * plan.Grain;
            case "avg":
                // Half the part for the count of values, half for their centred sum.
                var count = Math.Max(1, Convert.ToInt64(values[at]) + SecureNoise.DiscreteLaplace(2 / PartEpsilon));
                var sum = (Convert.ToDecimal(values[at + 1]) + SecureNoise.DiscreteLaplace(2 * plan.StepSensitivity / PartEpsilon)) * plan.Grain;
                return Math.Clamp((plan.Lower + plan.Upper) / 2 + (double)sum / count, plan.Lower, plan.Upper);
            default:
                return Quantile(plan, histogram ?? new Dictionary<int, long>());
        }
    }

    private double Quantile(MetricPlan plan, IReadOnlyDictionary<int, long> histogram)
    {
        var bins = AggregationSql.QuantileBins;
        var total = histogram.Values.Sum();
        var wanted = plan.Metric.Quantile!.Value * total;
        var scores = new double[bins];
        long below = 0;
        for (var bin = 0; bin < bins; bin++)
        {
            below += histogram.GetValueOrDefault(bin + 1);
            scores[bin] = -PartEpsilon / 2 * Math.Abs(below - wanted);
        }
        var chosen = SecureNoise.GumbelMax(scores);
        return plan.Lower + (chosen + 0.5) * (plan.Upper - plan.Lower) / bins;
    }
}
