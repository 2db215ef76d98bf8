using System.Diagnostics;
using System.Text.Json;
using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Aggregations;

/// <summary>
/// Runs structured aggregations for any grant (aggregate-only or row-level) under the grant's own role, and
/// returns only groups covering at least k rows, k being the grant policy's minimum group size.
/// </summary>
public sealed class SandboxAggregations(SandboxGuard guard, SandboxVersions versions, GrantLogins logins, SandboxOptions options)
{
    public async Task<AggregationResult> RunAsync(AggregationRequest request, Caller caller, CancellationToken cancellationToken = default)
    {
        // Columns may be named as the dataset names them or by their SQL names; the grant speaks of the former.
        var loaded = await versions.FindAsync(request.DatasetId, request.Version, cancellationToken);
        var fields = (request.GroupBy ?? []).Concat(request.Metrics.Select(m => m.Column)).Concat((request.Filters ?? []).Select(f => f.Column))
            .OfType<string>().Select(name => loaded?.FindColumn(name)?.Label ?? name).Distinct(StringComparer.Ordinal).ToList();
        var use = new SandboxUse(UseKind.Aggregate, caller, request.DatasetId, request.Version, fields.Count > 0 ? fields : null)
        {
            ExactExtremes = request.Metrics.Any(m => m.Function.Equals("min", StringComparison.OrdinalIgnoreCase)
                || m.Function.Equals("max", StringComparison.OrdinalIgnoreCase)),
        };
        var authorized = await guard.AuthorizeAsync(request.GrantId, use, JsonSerializer.Serialize(request), cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var outcome = UseOutcomes.Denied("invalid-aggregation");
        long rows = 0;
        var truncated = false;
        try
        {
            var version = loaded
                ?? throw new SandboxNotFoundException($"Dataset '{request.DatasetId}' version {request.Version} is not loaded in the sandbox.");
            var granted = authorized.Grant.Find(request.DatasetId)!.Columns;
            var sql = AggregationSql.Build(request, version, granted);
            var k = Math.Max(1, authorized.Grant.MinimumGroupSize);
            outcome = UseOutcomes.Failed;

            await using var session = await GrantSession.OpenAsync(logins, options, authorized.Roles, cancellationToken);
            try
            {
                var groups = await ReadGroupsAsync(session, sql, k, cancellationToken);
                truncated = groups.Count > options.RowCap;
                if (truncated)
                {
                    groups.RemoveAt(groups.Count - 1);
                }
                long suppressed;
                await using (var count = session.CreateCommand(sql.SuppressedSql))
                {
                    count.Parameters.AddRange(Clone(sql.Parameters));
                    count.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (long)k });
                    suppressed = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                }
                rows = groups.Count;
                outcome = truncated ? UseOutcomes.Truncated : UseOutcomes.Succeeded;
                return new AggregationResult(request.DatasetId, request.Version, k, groups, suppressed, truncated, stopwatch.ElapsedMilliseconds);
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

    private async Task<List<AggregationGroup>> ReadGroupsAsync(GrantSession session, AggregationSql sql, int k, CancellationToken cancellationToken)
    {
        await using var command = session.CreateCommand(sql.GroupsSql);
        command.Parameters.AddRange(Clone(sql.Parameters));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (long)k });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (long)options.RowCap + 1 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<AggregationGroup>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < sql.GroupBy.Count; i++)
            {
                key[sql.GroupBy[i]] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            var metrics = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < sql.Metrics.Count; i++)
            {
                var ordinal = sql.GroupBy.Count + 1 + i;
                metrics[sql.Metrics[i].OutputName] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
            }
            groups.Add(new AggregationGroup(key, reader.GetInt64(sql.GroupBy.Count), metrics));
        }
        return groups;
    }

    // An NpgsqlParameter belongs to one command's collection at a time.
    private static NpgsqlParameter[] Clone(List<NpgsqlParameter> parameters) =>
        parameters.Select(p => new NpgsqlParameter { NpgsqlDbType = p.NpgsqlDbType, Value = p.Value }).ToArray();
}
