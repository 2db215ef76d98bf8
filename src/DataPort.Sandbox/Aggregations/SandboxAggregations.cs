using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Aggregations.Privacy;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Aggregations;

/// <summary>
/// Runs structured aggregations for any grant under the grant's own role. Under an aggregate-only licence the answer is
/// differentially private (<see cref="PrivateRelease"/>) and spends ε of the grant's budget, charged on the grant's
/// stream once the request is valid and before its SQL runs; a row-level licence, which may read the rows anyway, gets exact figures for groups of at least k rows.
/// </summary>
public sealed class SandboxAggregations(SandboxGuard guard, SandboxVersions versions, GrantLogins logins, SandboxOptions options)
{
    /// <summary>Groups read before release: more than an answer may show, few enough to hold in memory.</summary>
    private const int MaxGroupsRead = 100_000;

    public async Task<AggregationResult> RunAsync(AggregationRequest request, Caller caller, CancellationToken cancellationToken = default)
    {
        var epsilon = request.Epsilon ?? options.AggregationEpsilon;
        if (!double.IsFinite(epsilon) || epsilon <= 0 || epsilon > options.MaxAggregationEpsilon)
        {
            throw new SandboxValidationException($"epsilon must be above 0 and at most {options.MaxAggregationEpsilon}; got {epsilon}.");
        }
        // Columns may be named as the dataset names them or by their SQL names; the grant speaks of the former.
        var loaded = await versions.FindAsync(request.DatasetId, request.Version, cancellationToken);
        var fields = (request.GroupBy ?? []).Concat(request.Metrics.Select(m => m.Column)).Concat((request.Filters ?? []).Select(f => f.Column))
            .OfType<string>().Select(name => loaded?.FindColumn(name)?.Label ?? name).Distinct(StringComparer.Ordinal).ToList();
        var use = new SandboxUse(UseKind.Aggregate, caller, request.DatasetId, request.Version, fields.Count > 0 ? fields : null)
        {
            ExactExtremes = request.Metrics.Any(m => m.Function.Equals("min", StringComparison.OrdinalIgnoreCase)
                || m.Function.Equals("max", StringComparison.OrdinalIgnoreCase)),
            Epsilon = epsilon,
        };
        var authorized = await guard.AuthorizeAsync(request.GrantId, use, JsonSerializer.Serialize(request), cancellationToken);
        var spent = authorized.Check.Use.Epsilon;

        var stopwatch = Stopwatch.StartNew();
        var outcome = UseOutcomes.Denied("invalid-aggregation");
        long rows = 0;
        var truncated = false;
        try
        {
            var version = loaded
                ?? throw new SandboxNotFoundException($"Dataset '{request.DatasetId}' version {request.Version} is not loaded in the sandbox.");
            var granted = authorized.Grant.Find(request.DatasetId)!.Columns;
            var sql = AggregationSql.Build(request, version, granted, noisy: spent > 0);
            var k = Math.Max(1, authorized.Grant.MinimumGroupSize);
            (double Left, DateTimeOffset RenewsAt)? budget = null;
            if (spent > 0)
            {
                // Charged once the request is known to be valid and just before it runs: an answer that never comes still
                // counts, so retrying cannot outrun the budget, but a malformed request spends nothing.
                outcome = UseOutcomes.Denied("privacy-budget-exhausted");
                budget = await guard.SpendPrivacyAsync(authorized, spent, cancellationToken);
            }

            outcome = GrantSession.NotRun;
            await using var session = await GrantSession.OpenAsync(logins, options, authorized.Roles, cancellationToken);
            outcome = UseOutcomes.Failed;
            try
            {
                var (groups, privacy) = spent > 0
                    ? await ReleaseNoisyAsync(session, sql, new PrivateRelease(spent, k, sql.Metrics), budget, spent, cancellationToken)
                    : (await ReadExactAsync(session, sql, k, cancellationToken), new AggregationPrivacy("exact", 0, null, null, k, 0));
                truncated = groups.Count > options.RowCap;
                if (truncated)
                {
                    groups.RemoveRange(options.RowCap, groups.Count - options.RowCap);
                }
                rows = groups.Count;
                outcome = truncated ? UseOutcomes.Truncated : UseOutcomes.Succeeded;
                return new AggregationResult(request.DatasetId, request.Version, k, groups, privacy, truncated, stopwatch.ElapsedMilliseconds);
            }
            catch (PostgresException e)
            {
                var failure = SandboxQueryFailure.From(e, options.StatementTimeout);
                outcome = failure.Outcome;
                throw new SandboxQueryException(failure, e);
            }
        }
        finally
        {
            await guard.CompleteAsync(authorized, rows, truncated, stopwatch.ElapsedMilliseconds, outcome, CancellationToken.None);
        }
    }

    private async Task<List<AggregationGroup>> ReadExactAsync(GrantSession session, AggregationSql sql, int k, CancellationToken cancellationToken)
    {
        var groups = new List<AggregationGroup>();
        foreach (var (key, n, values) in await ReadGroupsAsync(session, sql, k, options.RowCap + 1, cancellationToken))
        {
            groups.Add(new AggregationGroup(key, n, sql.Metrics.ToDictionary(m => m.Metric.OutputName, m => values[m.FirstOrdinal], StringComparer.Ordinal)));
        }
        return groups;
    }

    private static async Task<(List<AggregationGroup>, AggregationPrivacy)> ReleaseNoisyAsync(
        GrantSession session, AggregationSql sql, PrivateRelease release, (double Left, DateTimeOffset RenewsAt)? left, double spent,
        CancellationToken cancellationToken)
    {
        var raw = await ReadGroupsAsync(session, sql, 1, MaxGroupsRead, cancellationToken);
        var histograms = new Dictionary<MetricPlan, Dictionary<string, Dictionary<int, long>>>();
        foreach (var plan in sql.Metrics.Where(m => m.Function == "quantile"))
        {
            histograms[plan] = await ReadHistogramsAsync(session, sql, plan, cancellationToken);
        }
        var groups = new List<AggregationGroup>();
        foreach (var (key, n, values) in raw)
        {
            if (release.ReleasedCount(n) is not { } released)
            {
                continue;
            }
            var id = GroupId(key.Values);
            var metrics = sql.Metrics.ToDictionary(m => m.Metric.OutputName,
                m => release.Metric(m, values, released, histograms.GetValueOrDefault(m)?.GetValueOrDefault(id)), StringComparer.Ordinal);
            groups.Add(new AggregationGroup(key, released, metrics));
        }
        return (groups, new AggregationPrivacy("discrete-laplace", spent, left?.Left, left?.RenewsAt, release.Threshold, PrivateRelease.Delta));
    }

    private static async Task<List<(Dictionary<string, object?> Key, long Rows, object?[] Values)>> ReadGroupsAsync(
        GrantSession session, AggregationSql sql, int minimumRows, long limit, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(sql.GroupsSql);
        command.Parameters.AddRange(Clone(sql.Parameters));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (long)minimumRows });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<(Dictionary<string, object?>, long, object?[])>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            var key = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < sql.GroupBy.Count; i++)
            {
                key[sql.GroupBy[i]] = values[i];
            }
            groups.Add((key, reader.GetInt64(sql.GroupBy.Count), values));
        }
        return groups;
    }

    /// <summary>Per group (by <see cref="GroupId"/>), the count of the metric's values in each bin.</summary>
    private static async Task<Dictionary<string, Dictionary<int, long>>> ReadHistogramsAsync(
        GrantSession session, AggregationSql sql, MetricPlan plan, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(sql.HistogramSql(plan));
        command.Parameters.AddRange(Clone(sql.Parameters));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var histograms = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
        var keys = sql.GroupBy.Count;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = GroupId(Enumerable.Range(0, keys).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
            if (!histograms.TryGetValue(id, out var bins))
            {
                histograms[id] = bins = [];
            }
            bins[reader.GetInt32(keys)] = reader.GetInt64(keys + 1);
        }
        return histograms;
    }

    // Group keys come back as the same .NET types from both queries, so their invariant text identifies the group.
    private static string GroupId(IEnumerable<object?> key) =>
        string.Join('\u001f', key.Select(v => v is null ? "\u0000" : Convert.ToString(v, CultureInfo.InvariantCulture)));

    // An NpgsqlParameter belongs to one command's collection at a time.
    private static NpgsqlParameter[] Clone(List<NpgsqlParameter> parameters) =>
        parameters.Select(p => new NpgsqlParameter { NpgsqlDbType = p.NpgsqlDbType, Value = p.Value }).ToArray();
}
