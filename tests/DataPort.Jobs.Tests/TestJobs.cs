using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace DataPort.Jobs.Tests;

/// <summary>Jobs that exist only to be observed: each execution leaves a row in <c>public.test_executions</c>.</summary>
public static class TestJobs
{
    public static readonly JobKey Counting = new("test-counting", JobSchedule.JobGroup);
    public static readonly JobKey Failing = new("test-failing", JobSchedule.JobGroup);
    public static readonly JobKey Stoppable = new("test-stoppable", JobSchedule.JobGroup);
    public static readonly JobKey Progressing = new("test-progressing", JobSchedule.JobGroup);

    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS public.test_executions (
            job text NOT NULL, trigger_name text NOT NULL, scheduled_for timestamptz NULL,
            node text NOT NULL, recovering boolean NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())
        """;

    /// <summary>Stores the test jobs durably, as <see cref="JobSchedule"/> does for the real ones.</summary>
    public static async Task AddAsync(IScheduler scheduler)
    {
        foreach (var (key, type) in new[]
        {
            (Counting, typeof(CountingJob)), (Failing, typeof(FailingJob)),
            (Stoppable, typeof(StoppableJob)), (Progressing, typeof(ProgressingJob)),
        })
        {
            var job = JobBuilder.Create().OfType(type).WithIdentity(key).StoreDurably().RequestRecovery().Build();
            await scheduler.AddJob(job, new AddJobOptions { Replace = true });
        }
    }

    internal static async Task RecordAsync(IJobExecutionContext context, IServiceProvider services)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand(
            "INSERT INTO public.test_executions (job, trigger_name, scheduled_for, node, recovering) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new() { Value = context.JobDetail.Key.Name });
        command.Parameters.Add(new() { Value = context.Trigger.Key.Name });
        command.Parameters.Add(new() { Value = (object?)context.ScheduledFireTimeUtc ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = context.Scheduler.SchedulerInstanceId });
        command.Parameters.Add(new() { Value = context.Recovering });
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class CountingJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await TestJobs.RecordAsync(context, services);
}

public sealed class FailingJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await TestJobs.RecordAsync(context, services);
        throw new InvalidOperationException("The upstream file server refused the connection.");
    }
}

public sealed class ProgressingJob(JobProgress progress) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var reporter = progress.For(context);
        for (var done = 0; done <= 1000; done += 250)
        {
            await reporter.ReportAsync(done, 1000, cancellationToken);
        }
    }
}

/// <summary>
/// On its first execution it starts and then waits: for cancellation when <c>mode=cooperative</c>, or for
/// ever when <c>mode=stubborn</c> (a job stuck in a call that ignores its token). Recovered elsewhere, it finishes.
/// </summary>
public sealed class StoppableJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await TestJobs.RecordAsync(context, services);
        if (context.Recovering)
        {
            return;
        }
        var stubborn = context.MergedJobDataMap.GetString("mode") == "stubborn";
        await Task.Delay(Timeout.Infinite, stubborn ? CancellationToken.None : cancellationToken);
    }
}
