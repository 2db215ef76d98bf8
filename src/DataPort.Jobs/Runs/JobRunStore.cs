using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace DataPort.Jobs;

/// <summary>Reads and writes <c>jobs.runs</c>. Every state change is one guarded UPDATE, so two nodes cannot race a run backwards.</summary>
public sealed class JobRunStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        id, job, state, attempts, enqueued_at, due_at, started_at, finished_at, duration_ms,
        progress_done, progress_total, error, node, arguments, progress_stage, progress_items
        """;

    internal async Task CreateAsync(
        Guid id, string job, JobRunState state, TriggerRef trigger, IReadOnlyDictionary<string, string> arguments,
        DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jobs.runs (id, job, state, enqueued_at, due_at, trigger_name, trigger_group, arguments)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = job });
        command.Parameters.Add(new() { Value = state.ToStorage() });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        command.Parameters.Add(new() { Value = (object?)dueAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = trigger.Name });
        command.Parameters.Add(new() { Value = trigger.Group });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(arguments), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Removes a run whose trigger could not be stored, so no row waits for a firing that will never come.</summary>
    internal async Task DeleteUnscheduledAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM jobs.runs WHERE id = $1 AND attempts = 0");
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An execution begins: the run is created if this is its first fire (a recurring occurrence), else moved on.</summary>
    internal async Task StartAsync(
        Guid id, string job, TriggerRef trigger, IReadOnlyDictionary<string, string> arguments, string node,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jobs.runs (id, job, state, attempts, enqueued_at, started_at, node, trigger_name, trigger_group, arguments)
            VALUES ($1, $2, 'processing', 1, $3, $3, $4, $5, $6, $7)
            ON CONFLICT (id) DO UPDATE SET
                state = 'processing', attempts = runs.attempts + 1, started_at = $3, node = $4,
                trigger_name = $5, trigger_group = $6, due_at = NULL, finished_at = NULL, duration_ms = NULL, updated_at = now()
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = job });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        command.Parameters.Add(new() { Value = node });
        command.Parameters.Add(new() { Value = trigger.Name });
        command.Parameters.Add(new() { Value = trigger.Group });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(arguments), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The run a trigger is in the middle of (a pending retry, or a firing being recovered), if any.</summary>
    internal async Task<Guid?> FindOpenRunAsync(TriggerRef trigger, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id FROM jobs.runs
            WHERE trigger_group = $1 AND trigger_name = $2 AND state IN ('processing', 'scheduled', 'enqueued')
            ORDER BY enqueued_at DESC LIMIT 1
            """);
        command.Parameters.Add(new() { Value = trigger.Group });
        command.Parameters.Add(new() { Value = trigger.Name });
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    internal Task SucceededAsync(Guid id, TimeSpan duration, CancellationToken cancellationToken) =>
        FinishAsync(id, JobRunState.Succeeded, duration, error: null, dueAt: null, cancellationToken);

    internal Task FailedAsync(Guid id, TimeSpan duration, string error, CancellationToken cancellationToken) =>
        FinishAsync(id, JobRunState.Failed, duration, error, dueAt: null, cancellationToken);

    internal Task RetryScheduledAsync(Guid id, TimeSpan duration, string error, DateTimeOffset? dueAt, CancellationToken cancellationToken) =>
        FinishAsync(id, JobRunState.Scheduled, duration, error, dueAt, cancellationToken);

    /// <summary>Interrupted by this node's shutdown and handed back to the cluster: queued again, not failed.</summary>
    internal Task HandedBackAsync(Guid id, TimeSpan duration, string note, CancellationToken cancellationToken) =>
        FinishAsync(id, JobRunState.Enqueued, duration, note, dueAt: null, cancellationToken);

    private async Task FinishAsync(
        Guid id, JobRunState state, TimeSpan duration, string? error, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        var terminal = state is JobRunState.Succeeded or JobRunState.Failed;
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs.runs SET state = $2, duration_ms = $3, error = $4, due_at = $5,
                finished_at = CASE WHEN $6 THEN $7 ELSE NULL END, updated_at = now()
            WHERE id = $1 AND state = 'processing'
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = state.ToStorage() });
        command.Parameters.Add(new() { Value = (long)duration.TotalMilliseconds });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)dueAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = terminal });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Removes the row of a run that found nothing to do on its first attempt (see <see cref="IRecordsOnlyWork"/>);
    /// false when it is not that (a recovered run keeps its history).
    /// </summary>
    internal async Task<bool> ForgetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM jobs.runs WHERE id = $1 AND state = 'processing' AND attempts = 1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Applies <paramref name="retention"/> at <paramref name="now"/>: removes succeeded runs past their age or
    /// beyond the newest N of their recurring job, failed and deleted runs past theirs; returns how many went.
    /// Only finished runs are candidates, and the DELETE checks the state again, so a run an operator requeues
    /// meanwhile stays. In batches, so a first purge of a long history does not hold locks for long.
    /// </summary>
    public async Task<long> PurgeAsync(RetentionOptions retention, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        const int batchSize = 5000;
        long removed = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand($"""
                WITH doomed AS (
                    SELECT id FROM jobs.runs
                    WHERE (state = 'succeeded' AND finished_at < $1) OR (state IN ('failed', 'deleted') AND finished_at < $2)
                    UNION
                    SELECT id FROM (
                        SELECT id, row_number() OVER (PARTITION BY job ORDER BY finished_at DESC, id DESC) AS newest
                        FROM jobs.runs WHERE state = 'succeeded' AND trigger_group = '{JobSchedule.RecurringTriggerGroup}'
                    ) ranked WHERE newest > $3
                    LIMIT $4
                )
                DELETE FROM jobs.runs
                WHERE id IN (SELECT id FROM doomed) AND state IN ('succeeded', 'failed', 'deleted')
                """);
            command.Parameters.Add(new() { Value = now - retention.Succeeded });
            command.Parameters.Add(new() { Value = now - retention.Failed });
            command.Parameters.Add(new() { Value = (long)retention.MaxSucceededPerRecurringJob });
            command.Parameters.Add(new() { Value = batchSize });
            var count = await command.ExecuteNonQueryAsync(cancellationToken);
            removed += count;
            if (count < batchSize)
            {
                return removed;
            }
        }
    }

    internal async Task ProgressAsync(Guid id, long done, long total, string? stage, long? items, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs.runs SET progress_done = $2, progress_total = $3, progress_stage = $4, progress_items = $5, updated_at = now()
            WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = done });
        command.Parameters.Add(new() { Value = total });
        command.Parameters.Add(new() { Value = (object?)stage ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)items ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A failed run goes back to the queue on a new trigger; false when it was not failed.</summary>
    internal async Task<bool> RequeueFailedAsync(Guid id, TriggerRef trigger, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs.runs SET state = 'enqueued', trigger_name = $2, trigger_group = $3, due_at = NULL, updated_at = now()
            WHERE id = $1 AND state = 'failed'
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = trigger.Name });
        command.Parameters.Add(new() { Value = trigger.Group });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Undo of <see cref="RequeueFailedAsync"/> when the trigger could not be stored.</summary>
    internal async Task RevertToFailedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE jobs.runs SET state = 'failed', updated_at = now() WHERE id = $1 AND state = 'enqueued'");
        command.Parameters.Add(new() { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal async Task<bool> MarkDeletedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jobs.runs SET state = 'deleted', due_at = NULL, finished_at = $2, updated_at = now()
            WHERE id = $1 AND state = 'scheduled'
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    internal async Task<TriggerRef?> FindTriggerAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT trigger_name, trigger_group FROM jobs.runs WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new TriggerRef(reader.GetString(0), reader.GetString(1)) : null;
    }

    public async Task<JobRun?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jobs.runs WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<JobRunPage> ListAsync(JobRunQuery query, CancellationToken cancellationToken = default)
    {
        const string filter = "($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR job = $2)";
        await using var batch = dataSource.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM jobs.runs WHERE {filter}");
        var page = new NpgsqlBatchCommand($"""
            SELECT {Columns} FROM jobs.runs WHERE {filter}
            ORDER BY enqueued_at DESC, id LIMIT $3 OFFSET $4
            """);
        foreach (var command in new[] { count, page })
        {
            command.Parameters.Add(new() { Value = (object?)query.State?.ToStorage() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new() { Value = (object?)query.Job ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        }
        page.Parameters.Add(new() { Value = query.PageSize });
        page.Parameters.Add(new() { Value = (long)(query.Page - 1) * query.PageSize });
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<JobRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }
        return new JobRunPage(items, query.Page, query.PageSize, total);
    }

    private static JobRun Read(NpgsqlDataReader reader)
    {
        DateTimeOffset? At(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
        long? Long(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        var done = Long(9);
        var total = Long(10);
        return new JobRun(
            Id: reader.GetGuid(0),
            Job: reader.GetString(1),
            State: JobRunStates.FromStorage(reader.GetString(2)),
            Attempts: reader.GetInt32(3),
            EnqueuedAt: reader.GetFieldValue<DateTimeOffset>(4),
            DueAt: At(5),
            StartedAt: At(6),
            FinishedAt: At(7),
            DurationMs: Long(8),
            Progress: done is { } d && total is { } t ? new JobRunProgress(d, t) { Stage = Text(14), Items = Long(15) } : null,
            Error: Text(11),
            Node: Text(12),
            Arguments: JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(13)) ?? []);
    }
}

/// <summary>A Quartz trigger's identity, as the run history stores it.</summary>
internal sealed record TriggerRef(string Name, string Group)
{
    public static TriggerRef From(Quartz.TriggerKey key) => new(key.Name, key.Group);

    public Quartz.TriggerKey ToKey() => new(Name, Group);
}
