using Npgsql;

namespace DataPort.Sandbox.Usage;

/// <summary>
/// Where sandbox usage events go. The event store's adapter appends them to <c>grant-usage-&lt;id&gt;</c>
/// on the ledger; until it lands, <see cref="QueryLogLedger"/> keeps them in <c>sandbox.query_log</c>.
/// </summary>
public interface ISandboxUsageLedger
{
    Task RecordAsync(SandboxUsageRecorded usage, CancellationToken cancellationToken = default);
}

/// <summary>Records usage in the sandbox's own query log table (always kept, whatever ledger is wired).</summary>
public sealed class QueryLogLedger(NpgsqlDataSource dataSource) : ISandboxUsageLedger
{
    public async Task RecordAsync(SandboxUsageRecorded usage, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO sandbox.query_log (grant_id, kind, dataset_id, version, query_hash, row_count, truncated, duration_ms, outcome, actor_id, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """);
        command.Parameters.Add(new() { Value = usage.GrantId });
        command.Parameters.Add(new() { Value = usage.Kind });
        command.Parameters.Add(new() { Value = (object?)usage.DatasetId ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)usage.Version ?? DBNull.Value });
        command.Parameters.Add(new() { Value = usage.QueryHash });
        command.Parameters.Add(new() { Value = usage.Rows });
        command.Parameters.Add(new() { Value = usage.Truncated });
        command.Parameters.Add(new() { Value = usage.DurationMs });
        command.Parameters.Add(new() { Value = usage.Outcome });
        command.Parameters.Add(new() { Value = usage.RecordedBy });
        command.Parameters.Add(new() { Value = usage.RecordedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
