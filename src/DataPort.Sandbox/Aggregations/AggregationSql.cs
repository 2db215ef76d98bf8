using System.Globalization;
using System.Text;
using System.Text.Json;
using DataPort.Sandbox.Loading;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Aggregations;

/// <summary>
/// Builds the aggregation's SQL from validated identifiers and typed parameters. Exact answers (row-level licences)
/// compute each metric as SQL does; noisy answers (<see cref="MetricPlan"/>) compute what the mechanism adds noise to:
/// sums of values clamped into the caller's bounds and rounded to a power-of-two grain, and per-bin histograms for
/// quantiles, which <see cref="Privacy.PrivateRelease"/> turns into what may be shown.
/// </summary>
internal sealed class AggregationSql
{
    public const int MaxGroupBy = 5;
    public const int MaxMetrics = 10;
    public const int MaxFilters = 10;
    public const int MaxInValues = 100;

    /// <summary>Bins of a quantile's histogram between its bounds: the answer's resolution is (upper − lower) / 256.</summary>
    public const int QuantileBins = 256;

    private static readonly HashSet<string> Operators = ["eq", "ne", "lt", "le", "gt", "ge", "in", "isnull", "notnull"];

    private AggregationSql(string table, IReadOnlyList<string> groupBy, IReadOnlyList<string> groupColumns, IReadOnlyList<MetricPlan> plans,
        List<string> select, List<string> where, List<NpgsqlParameter> parameters)
    {
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", select).Append(" FROM ").Append(table);
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }
        if (groupBy.Count > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, groupBy.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }
        Inner = sql.ToString();
        (Table, GroupBy, GroupColumns, Metrics, Where, Parameters) = (table, groupBy, groupColumns, plans, where, parameters);
    }

    public string Inner { get; }

    public string Table { get; }

    public IReadOnlyList<string> GroupBy { get; }

    /// <summary>The quoted SQL names of the group-by columns.</summary>
    public IReadOnlyList<string> GroupColumns { get; }

    public IReadOnlyList<MetricPlan> Metrics { get; }

    public IReadOnlyList<string> Where { get; }

    /// <summary>Filter and bound parameters <c>$1…$n</c>; the minimum count and the limit follow as <c>$n+1</c>, <c>$n+2</c>.</summary>
    public List<NpgsqlParameter> Parameters { get; }

    public string GroupsSql => new StringBuilder("SELECT * FROM (").Append(Inner).Append(") AS sandbox_groups WHERE n >= $")
        .Append(Parameters.Count + 1)
        .Append(GroupBy.Count == 0 ? "" : " ORDER BY " + string.Join(", ", Enumerable.Range(0, GroupBy.Count).Select(i => "g" + i)))
        .Append(" LIMIT $").Append(Parameters.Count + 2).ToString();

    /// <summary>
    /// Per group, how many of the column's values fall in each of <see cref="QuantileBins"/> bins between the metric's
    /// bounds (values outside are clamped into the end bins); uses the same parameters as <see cref="GroupsSql"/>.
    /// </summary>
    public string HistogramSql(MetricPlan plan)
    {
        var clamped = $"least(greatest({plan.Column}::float8, ${plan.LowerParameter}::float8), ${plan.UpperParameter}::float8)";
        var keys = GroupColumns.Select((c, i) => $"{c} AS g{i}").ToList();
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", keys.Append(
            $"least(width_bucket({clamped}, ${plan.LowerParameter}::float8, ${plan.UpperParameter}::float8, {QuantileBins}), {QuantileBins}) AS bin"))
            .Append(", count(*) FROM ").Append(Table).Append(" WHERE ").AppendJoin(" AND ", Where.Append($"{plan.Column} IS NOT NULL"))
            .Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, GroupColumns.Count + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return sql.ToString();
    }

    /// <summary>The SQL of <paramref name="request"/>, exact or for a differentially private answer (<paramref name="noisy"/>).</summary>
    public static AggregationSql Build(AggregationRequest request, LoadedVersion version, IReadOnlySet<string> grantedColumns, bool noisy)
    {
        var groupBy = request.GroupBy ?? [];
        var filters = request.Filters ?? [];
        if (groupBy.Count > MaxGroupBy || request.Metrics.Count is 0 or > MaxMetrics || filters.Count > MaxFilters)
        {
            throw new SandboxValidationException(
                $"An aggregation has at most {MaxGroupBy} group-by columns, 1-{MaxMetrics} metrics and at most {MaxFilters} filters.");
        }
        SandboxColumn Column(string name) =>
            (version.FindColumn(name) is { } column && grantedColumns.Contains(column.Label) ? column : null)
            ?? throw new SandboxValidationException($"Column '{name}' is not one of the grant's columns of this version.");

        if (groupBy.Distinct(StringComparer.Ordinal).Count() != groupBy.Count)
        {
            throw new SandboxValidationException("A group-by column appears twice.");
        }
        var groupColumns = groupBy.Select(name => SandboxNames.Quote(Column(name).Name)).ToList();
        var select = groupColumns.Select((c, i) => $"{c} AS g{i}").Append("count(*) AS n").ToList();
        var parameters = new List<NpgsqlParameter>();
        var plans = new List<MetricPlan>();
        for (var i = 0; i < request.Metrics.Count; i++)
        {
            var plan = MetricPlan.For(request.Metrics[i], i, Column, noisy, parameters);
            plan.FirstOrdinal = select.Count;
            select.AddRange(plan.SelectList);
            plans.Add(plan);
        }
        var where = filters.Select(filter => Filter(filter, Column(filter.Column), parameters)).ToList();
        return new AggregationSql(version.QualifiedTable, groupBy, groupColumns, plans, select, where, parameters);
    }

    private static string Filter(AggregationFilter filter, SandboxColumn column, List<NpgsqlParameter> parameters)
    {
        var op = filter.Operator.ToLowerInvariant();
        if (!Operators.Contains(op))
        {
            throw new SandboxValidationException($"Filter operator '{filter.Operator}' is not one of {string.Join(", ", Operators)}.");
        }
        var name = SandboxNames.Quote(column.Name);
        switch (op)
        {
            case "isnull": return $"{name} IS NULL";
            case "notnull": return $"{name} IS NOT NULL";
            case "in":
                if (filter.Value is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() is 0 or > MaxInValues)
                {
                    throw new SandboxValidationException($"Filter 'in' on '{column.Name}' needs an array of 1-{MaxInValues} values.");
                }
                var values = array.EnumerateArray().Select(v => FilterValue(v, column)).ToArray();
                var typed = Array.CreateInstance(values[0].GetType(), values.Length);
                Array.Copy(values, typed, values.Length);
                parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | column.DbType, Value = typed });
                return $"{name} = ANY(${parameters.Count})";
        }
        if (filter.Value is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            throw new SandboxValidationException($"Filter '{op}' on '{column.Name}' needs a value (use isnull to match nulls).");
        }
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = column.DbType, Value = FilterValue(value, column) });
        var comparison = op switch { "eq" => "=", "ne" => "<>", "lt" => "<", "le" => "<=", "gt" => ">", _ => ">=" };
        return $"{name} {comparison} ${parameters.Count}";
    }

    private static object FilterValue(JsonElement value, SandboxColumn column)
    {
        try
        {
            object? raw = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetDecimal(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new SandboxValidationException($"A filter value for '{column.Name}' must be a string, number or boolean."),
            };
            return ValueCoercion.ToDatabase(raw, column.Type)
                ?? throw new SandboxValidationException($"A filter value for '{column.Name}' is missing.");
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new SandboxValidationException($"'{value}' is not a value of column '{column.Name}' ({column.SqlType}).");
        }
    }
}
