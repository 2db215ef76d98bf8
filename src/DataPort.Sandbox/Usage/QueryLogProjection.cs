using DataPort.Domain.Grants;
using DataPort.EventStore.Projections;
using DataPort.Sandbox.Grants;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Sandbox.Usage;

/// <summary>
/// <c>sandbox.query_log</c>: every use of a grant — query, aggregation, download, or refused attempt — projected
/// inline from its one record, <see cref="GrantUsageRecorded"/> on the grant's stream, in the same transaction.
/// </summary>
internal sealed class QueryLogProjection : IInlineProjection
{
    public async Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Data is not GrantUsageRecorded use)
            {
                continue;
            }
            // The grant's dataset never changes, so the grant's own read model names it.
            await using var command = new NpgsqlCommand("""
                INSERT INTO sandbox.query_log (grant_id, kind, dataset_id, version, query_hash, row_count, truncated, duration_ms, outcome, actor_id, at)
                VALUES ($1, $2, (SELECT dataset_id FROM domain.grant_views WHERE id = $1), $3, $4, $5, $6, $7, $8, $9, $10)
                """, transaction.Connection, transaction);
            var p = command.Parameters;
            p.Add(new() { Value = use.GrantId });
            p.Add(new() { Value = SandboxUse.LogName(use.Kind) });
            p.Add(new() { Value = (object?)use.DatasetVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            p.Add(new() { Value = use.QueryHash ?? "" });
            p.Add(new() { Value = use.Rows });
            p.Add(new() { Value = use.Truncated });
            p.Add(new() { Value = use.DurationMs });
            p.Add(new() { Value = use.Outcome });
            p.Add(new() { Value = use.RecordedBy });
            p.Add(new() { Value = use.RecordedAt });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
