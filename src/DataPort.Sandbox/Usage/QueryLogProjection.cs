using DataPort.Domain.Grants;
using DataPort.ReadModels;
using DataPort.Sandbox.Grants;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace DataPort.Sandbox.Usage;

/// <summary>
/// <c>sandbox.query_log</c>: every use of a grant — query, aggregation, download, or refused attempt — projected
/// inline from its one record, <see cref="GrantUsageRecorded"/> on the grant's stream, in the same transaction.
/// </summary>
internal sealed class QueryLogProjection : EventProjection
{
    public QueryLogProjection()
    {
        Name = "sandbox-query-log";
        IncludeType<GrantUsageRecorded>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is GrantUsageRecorded use)
        {
            // The grant's dataset never changes, so the grant's own view names it.
            operations.QueueSqlCommand($"""
                INSERT INTO sandbox.query_log (grant_id, kind, dataset_id, version, query_hash, row_count, truncated, duration_ms, outcome, actor_id, at)
                VALUES (?, ?, (SELECT dataset_id FROM {ReadModelSchema.Schema}.mt_doc_grant_view WHERE grant_id = ?), ?::integer, ?, ?, ?, ?, ?, ?, ?)
                """,
                use.GrantId, SandboxUse.LogName(use.Kind), use.GrantId, (object?)use.DatasetVersion ?? DBNull.Value, use.QueryHash ?? "", use.Rows,
                use.Truncated, use.DurationMs, use.Outcome, use.RecordedBy, use.RecordedAt);
        }
        return ValueTask.CompletedTask;
    }
}
