using Npgsql;

namespace DataPort.EventStore.Ledger;

/// <summary>One full verification of the ledger against the events: when, how long, and what it found.</summary>
public sealed record LedgerVerification(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    bool Intact,
    long EntriesVerified,
    int CheckpointsVerified,
    long UnsignedEntries,
    long? FirstBadPosition,
    string? Problem)
{
    public double DurationSeconds => (FinishedAt - StartedAt).TotalSeconds;
}

/// <summary>
/// Runs full verifications (<see cref="ILedger.VerifyAsync"/>) and keeps their results in <c>ledger.verifications</c>;
/// the jobs module runs one nightly and whenever a regulator asks, and the ledger status shows the latest.
/// </summary>
public sealed class LedgerVerifications(NpgsqlDataSource dataSource, ILedger ledger, TimeProvider clock)
{
    public async Task<LedgerVerification> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        var report = await ledger.VerifyAsync(cancellationToken);
        var result = new LedgerVerification(started, clock.GetUtcNow(), report.Intact, report.EntriesVerified, report.CheckpointsVerified,
            report.UnsignedEntries, report.FirstBadPosition, report.Intact ? null : report.ToString());
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO ledger.verifications (started_at, finished_at, intact, entries_verified, checkpoints_verified, unsigned_entries, first_bad_position, problem)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        insert.Parameters.Add(new() { Value = result.StartedAt });
        insert.Parameters.Add(new() { Value = result.FinishedAt });
        insert.Parameters.Add(new() { Value = result.Intact });
        insert.Parameters.Add(new() { Value = result.EntriesVerified });
        insert.Parameters.Add(new() { Value = result.CheckpointsVerified });
        insert.Parameters.Add(new() { Value = result.UnsignedEntries });
        insert.Parameters.Add(new() { Value = (object?)result.FirstBadPosition ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        insert.Parameters.Add(new() { Value = (object?)result.Problem ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }

    public async Task<LedgerVerification?> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT started_at, finished_at, intact, entries_verified, checkpoints_verified, unsigned_entries, first_bad_position, problem
            FROM ledger.verifications ORDER BY id DESC LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new LedgerVerification(
            reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2), reader.GetInt64(3),
            reader.GetInt32(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetString(7));
    }
}
