using DataPort.Testing;
using Hangfire.Server;
using Npgsql;

namespace DataPort.Jobs.Tests;

/// <summary>The class's own migrated database, with a table in which the test jobs leave one row per execution.</summary>
public sealed class JobsDatabase : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public string ConnectionString => database.ConnectionString;

    public NpgsqlDataSource DataSource => database.DataSource;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        await using var command = database.DataSource.CreateCommand("""
            CREATE TABLE public.test_executions (
                job_id text NOT NULL, note text NOT NULL, server text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())
            """);
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => database.DisposeAsync();

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<List<DateTime>> ExecutionTimesAsync(string jobId)
    {
        await using var command = DataSource.CreateCommand("SELECT at FROM public.test_executions WHERE job_id = $1 ORDER BY at");
        command.Parameters.Add(new() { Value = jobId });
        var times = new List<DateTime>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            times.Add(reader.GetDateTime(0));
        }
        return times;
    }
}

/// <summary>Each execution of a test job leaves a row: which job, a note, and the Hangfire server that ran it.</summary>
internal static class Executions
{
    public static async Task RecordAsync(NpgsqlDataSource dataSource, PerformContext context, string note)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO public.test_executions (job_id, note, server) VALUES ($1, $2, $3)");
        command.Parameters.Add(new() { Value = context.BackgroundJob.Id });
        command.Parameters.Add(new() { Value = note });
        command.Parameters.Add(new() { Value = context.ServerId });
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class CountingJob(NpgsqlDataSource dataSource)
{
    public Task RunAsync(int number, PerformContext context) => Executions.RecordAsync(dataSource, context, $"#{number}");
}

/// <summary>Fails every time: transiently (retried per <c>Jobs:Retry:FailingJob</c>) or permanently (never retried).</summary>
public sealed class FailingJob(NpgsqlDataSource dataSource)
{
    public async Task RunAsync(bool permanent, PerformContext context)
    {
        await Executions.RecordAsync(dataSource, context, permanent ? "permanent" : "transient");
        throw permanent
            ? new PermanentJobFailureException("Line 3 has 4 fields where the header has 5.")
            : new InvalidOperationException("The upstream file server refused the connection.");
    }
}

/// <summary>Reports 250 of 1000 and waits; released, it finishes. The first execution waits for cancellation if stopped.</summary>
public sealed class ProgressingJob(NpgsqlDataSource dataSource, JobProgress progress)
{
    public static readonly SemaphoreSlim Release = new(0);

    public async Task RunAsync(PerformContext context, CancellationToken cancellationToken)
    {
        await Executions.RecordAsync(dataSource, context, "started");
        await progress.For(context).ReportAsync(250, 1000, "mask", 1234, cancellationToken);
        await Release.WaitAsync(cancellationToken);
        await progress.For(context).ReportAsync(1000, 1000, "drafted", 5000, cancellationToken);
    }
}

/// <summary>On its first execution it waits until cancelled (its node stops); any later execution finishes at once.</summary>
public sealed class HandedBackJob(NpgsqlDataSource dataSource)
{
    public async Task RunAsync(PerformContext context, CancellationToken cancellationToken)
    {
        await Executions.RecordAsync(dataSource, context, "started");
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM public.test_executions WHERE job_id = $1");
        command.Parameters.Add(new() { Value = context.BackgroundJob.Id });
        if ((long)(await command.ExecuteScalarAsync(CancellationToken.None))! == 1)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
