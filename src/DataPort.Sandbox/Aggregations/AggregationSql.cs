using System.Globalization;
using System.Text;
using System.Text.Json;
using DataPort.Sandbox.Loading;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Aggregations;

/// <summary>
/// Builds the aggregation's SQL from validated identifiers and typed parameters. Two statements share the
/// inner grouping: one returns the groups of at least k rows, the other counts the groups held back.
/// </summary>
internal sealed class AggregationSql
{
    public const int MaxGroupBy = 5;
    public const int MaxMetrics = 10;
    public const int MaxFilters = 10;
    public const int MaxInValues = 100;

    private static readonly HashSet<string> Functions = ["count", "sum", "avg", "min", "max"];
    private static readonly HashSet<string> Operators = ["eq", "ne", "lt", "le", "gt", "ge", "in", "isnull", "notnull"];

    private AggregationSql(string inner, IReadOnlyList<string> groupBy, IReadOnlyList<AggregationMetric> metrics, List<NpgsqlParameter> parameters)
    {
        Inner = inner;
        GroupBy = groupBy;
        Metrics = metrics;
        Parameters = parameters;
    }

    public string Inner { get; }

    public IReadOnlyList<string> GroupBy { get; }

    public IReadOnlyList<AggregationMetric> Metrics { get; }

    /// <summary>Filter parameters <c>$1…$n</c>; k and the row cap follow as <c>$n+1</c>, <c>$n+2</c>.</summary>
    public List<NpgsqlParameter> Parameters { get; }

    public string GroupsSql => new StringBuilder("SELECT * FROM (").Append(Inner).Append(") AS sandbox_groups WHERE n >= $")
        .Append(Parameters.Count + 1)
        .Append(GroupBy.Count == 0 ? "" : " ORDER BY " + string.Join(", ", Enumerable.Range(0, GroupBy.Count).Select(i => "g" + i)))
        .Append(" LIMIT $").Append(Parameters.Count + 2).ToString();

    public string SuppressedSql =>
        $"SELECT count(*) FROM ({Inner}) AS sandbox_groups WHERE n < ${Parameters.Count + 1}";

    public static AggregationSql Build(AggregationRequest request, LoadedVersion version, IReadOnlySet<string> grantedColumns)
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
        var select = new List<string>();
        for (var i = 0; i < groupBy.Count; i++)
        {
            select.Add($"{SandboxNames.Quote(Column(groupBy[i]).Name)} AS g{i}");
        }
        select.Add("count(*) AS n");
        for (var i = 0; i < request.Metrics.Count; i++)
        {
            select.Add(Metric(request.Metrics[i], Column) + $" AS m{i}");
        }

        var parameters = new List<NpgsqlParameter>();
        var where = filters.Select(filter => Filter(filter, Column(filter.Column), parameters)).ToList();
        var sql = new StringBuilder("SELECT ").AppendJoin(", ", select).Append(" FROM ").Append(version.QualifiedTable);
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }
        if (groupBy.Count > 0)
        {
            sql.Append(" GROUP BY ").AppendJoin(", ", Enumerable.Range(1, groupBy.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        }
        return new AggregationSql(sql.ToString(), groupBy, request.Metrics, parameters);
    }

    private static string Metric(AggregationMetric metric, Func<string, SandboxColumn> column)
    {
        var function = metric.Function.ToLowerInvariant();
        if (!Functions.Contains(function))
        {
            throw new SandboxValidationException($"Metric '{metric.Function}' is not one of count, sum, avg, min, max.");
        }
        if (metric.Column is null)
        {
            return function == "count"
                ? "count(*)"
                : throw new SandboxValidationException($"Metric '{function}' needs a column.");
        }
        var target = column(metric.Column);
        var numeric = target.Type is SandboxColumnType.Integer or SandboxColumnType.BigInt or SandboxColumnType.Double or SandboxColumnType.Decimal;
        var orderable = numeric || target.Type is SandboxColumnType.Text or SandboxColumnType.Date or SandboxColumnType.Timestamp;
        if ((function is "sum" or "avg" && !numeric) || (function is "min" or "max" && !orderable))
        {
            throw new SandboxValidationException($"Metric '{function}' does not apply to column '{target.Name}' ({target.SqlType}).");
        }
        return $"{function}({SandboxNames.Quote(target.Name)})";
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
