using System.Globalization;
using DataPort.Sandbox.Loading;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Aggregations;

/// <summary>What a metric computes in SQL and how its answer is made, exact or noisy.</summary>
internal sealed class MetricPlan
{
    /// <summary>A sum is added up on a grid of this many steps between 0 and its largest clamped value, or finer.</summary>
    private const double GridSteps = 1 << 20;

    private const double MaxBound = 1e15;

    private static readonly HashSet<string> Functions = ["count", "sum", "avg", "min", "max", "quantile"];

    private MetricPlan(AggregationMetric metric, string function, string? column)
    {
        (Metric, Function, Column) = (metric, function, column);
    }

    public AggregationMetric Metric { get; }

    /// <summary>count, sum, avg, min, max or quantile.</summary>
    public string Function { get; }

    /// <summary>The quoted SQL name of the column, or null for count(*).</summary>
    public string? Column { get; }

    public List<string> SelectList { get; } = [];

    /// <summary>The ordinal of the first of <see cref="SelectList"/> in the groups query.</summary>
    public int FirstOrdinal { get; set; }

    public double Lower { get; private set; }

    public double Upper { get; private set; }

    public int LowerParameter { get; private set; }

    public int UpperParameter { get; private set; }

    /// <summary>The step sums are rounded to (a power of two), so noise in whole steps is exact.</summary>
    public decimal Grain { get; private set; } = 1;

    /// <summary>The most one row can move the sum, in steps.</summary>
    public long StepSensitivity { get; private set; }

    /// <summary>Whether the metric draws on the budget (count(*) reuses the group's noisy count for free).</summary>
    public bool SpendsBudget => Function != "count" || Column is not null;

    public static MetricPlan For(AggregationMetric metric, int index, Func<string, SandboxColumn> column, bool noisy, List<NpgsqlParameter> parameters)
    {
        var function = metric.Function.ToLowerInvariant();
        if (!Functions.Contains(function))
        {
            throw new SandboxValidationException($"metrics[{index}].function '{metric.Function}' is not one of count, sum, avg, quantile, min, max.");
        }
        if (metric.Column is null)
        {
            if (function != "count")
            {
                throw new SandboxValidationException($"metrics[{index}].column is required for '{function}'.");
            }
            // A noisy count of rows is the group's own released count: no column of its own.
            var rows = new MetricPlan(metric, function, null);
            if (!noisy)
            {
                rows.SelectList.Add("count(*)");
            }
            return rows;
        }
        var target = column(metric.Column);
        var numeric = target.Type is SandboxColumnType.Integer or SandboxColumnType.BigInt or SandboxColumnType.Double or SandboxColumnType.Decimal;
        var orderable = numeric || target.Type is SandboxColumnType.Text or SandboxColumnType.Date or SandboxColumnType.Timestamp;
        if ((function is "sum" or "avg" or "quantile" && !numeric) || (function is "min" or "max" && !orderable))
        {
            throw new SandboxValidationException($"metrics[{index}]: '{function}' does not apply to column '{target.Name}' ({target.SqlType}).");
        }
        var plan = new MetricPlan(metric, function, SandboxNames.Quote(target.Name));
        if (function == "quantile" && metric.Quantile is not (>= 0 and <= 1))
        {
            throw new SandboxValidationException($"metrics[{index}].quantile must be between 0 and 1 (0.5 is the median).");
        }
        if (noisy)
        {
            plan.PlanNoisy(index, target, parameters);
        }
        else
        {
            plan.PlanExact(parameters);
        }
        return plan;
    }

    private void PlanExact(List<NpgsqlParameter> parameters)
    {
        if (Function == "quantile")
        {
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = Metric.Quantile!.Value });
            SelectList.Add($"percentile_cont(${parameters.Count}) WITHIN GROUP (ORDER BY {Column})");
            return;
        }
        SelectList.Add($"{Function}({Column})");
    }

    private void PlanNoisy(int index, SandboxColumn target, List<NpgsqlParameter> parameters)
    {
        if (Function is "min" or "max")
        {
            throw new SandboxValidationException(
                $"metrics[{index}]: an exact {Function} is one person's value; ask for a quantile (0 or 1 for the extremes, 0.05 or 0.95 for robust ones).");
        }
        if (Function == "count")
        {
            SelectList.Add($"count({Column})");
            return;
        }
        if (Metric.Lower is not { } lower || Metric.Upper is not { } upper || !(Math.Abs(lower) <= MaxBound) || !(Math.Abs(upper) <= MaxBound)
            || lower >= upper)
        {
            throw new SandboxValidationException(
                $"metrics[{index}].lower and metrics[{index}].upper are required for a private {Function} (within ±1e15, lower < upper): " +
                "each value is clamped into them, which bounds what one person can change.");
        }
        (Lower, Upper) = (lower, upper);
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = lower });
        LowerParameter = parameters.Count;
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = upper });
        UpperParameter = parameters.Count;
        if (Function == "quantile")
        {
            return;
        }
        // avg adds up each value's distance from the middle of the bounds, which halves what one row can move the sum.
        var centre = Function == "avg" ? (lower + upper) / 2 : 0;
        var largest = Math.Max(Math.Abs(lower - centre), Math.Abs(upper - centre));
        var integral = target.Type is SandboxColumnType.Integer or SandboxColumnType.BigInt;
        // Within decimal's 28 places, so the grain and every multiple of it are exact.
        var exponent = Math.Clamp((int)Math.Ceiling(Math.Log2(largest / GridSteps)), -28, 40);
        Grain = integral && exponent < 0 ? 1 : Power(exponent);
        StepSensitivity = (long)Math.Ceiling(largest / (double)Grain);
        var clamped = $"least(greatest({Column}::numeric, ${LowerParameter}::numeric), ${UpperParameter}::numeric)";
        var grain = Grain.ToString(CultureInfo.InvariantCulture);
        var centred = centre == 0 ? clamped : $"({clamped} - {centre.ToString("R", CultureInfo.InvariantCulture)}::numeric)";
        if (Function == "avg")
        {
            SelectList.Add($"count({Column})");
        }
        SelectList.Add($"coalesce(sum(round({centred} / {grain}::numeric)), 0)");
    }

    /// <summary>2^exponent exactly, as a decimal (every power of two in range has a finite decimal expansion).</summary>
    private static decimal Power(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            value = exponent > 0 ? value * 2 : value / 2;
        }
        return value;
    }
}
