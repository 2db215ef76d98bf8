using Marten;
using Npgsql;

namespace DataPort.Database;

/// <summary>What one <see cref="Migrator.MigrateAsync"/> call did.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, int AlreadyApplied);

/// <summary>
/// Brings Marten's tables up to date (the event store's, <see cref="EventStoreSchema"/>, and the document tables of
/// <paramref name="documents"/>: the read models' <c>ReadModelSchema.Configure</c>), then applies the shipped SQL
/// migrations that the database has not seen yet, each in its own transaction, and records them in
/// <c>public.schema_version</c>; last, Hangfire's installer brings its tables up to date (<see cref="HangfireSchema"/>). Safe to run from several processes at once: a
/// session-level advisory lock lets one migrate while the others wait and then find nothing to do.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, Action<StoreOptions> documents)
{
    // An arbitrary constant that names "the migration lock"; every DataPort process uses the same one.
    private const long MigrationLockKey = 0x44_50_4D_49_47; // "DPMIG"

    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS public.schema_version (
                    id          text        PRIMARY KEY,
                    checksum    text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            await EventStoreSchema.ApplyAsync(dataSource, documents, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var done = new List<string>();
            foreach (var migration in Migration.Shipped)
            {
                if (applied.TryGetValue(migration.Id, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new MigrationException(
                            $"Migration {migration.Id} was changed after it was applied (checksum {checksum} in the database, " +
                            $"{migration.Checksum} in the source). Add a new migration instead of editing an applied one.");
                    }
                    continue;
                }
                await ApplyAsync(connection, migration, cancellationToken);
                done.Add(migration.Id);
            }
            HangfireSchema.Apply(connection);
            return new MigrationReport(done, Migration.Shipped.Count - done.Count);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var record = new NpgsqlCommand(
                "INSERT INTO public.schema_version (id, checksum) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new() { Value = migration.Id });
                record.Parameters.Add(new() { Value = migration.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new MigrationException($"Migration {migration.Id} failed and was rolled back: {e.MessageText}", e);
        }
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id, checksum FROM public.schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class MigrationException : Exception
{
    public MigrationException(string message) : base(message) { }
    public MigrationException(string message, Exception inner) : base(message, inner) { }
}
