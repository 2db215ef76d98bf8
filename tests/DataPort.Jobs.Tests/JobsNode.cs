using DataPort.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DataPort.Jobs.Tests;

/// <summary>
/// One DataPort node as far as jobs go: a host with the database and the jobs module, on the test
/// database, with intervals shortened so cluster behaviour shows within seconds.
/// </summary>
public sealed class JobsNode : IAsyncDisposable
{
    private readonly IHost host;

    private JobsNode(IHost host, string instanceId)
    {
        this.host = host;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    public IServiceProvider Services => host.Services;

    public JobRuns Runs => Services.GetRequiredService<JobRuns>();

    public Task<IScheduler> SchedulerAsync() => Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask();

    public static async Task<JobsNode> StartAsync(
        string connectionString, string instanceId, IDictionary<string, string?>? settings = null,
        Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(FastSettings(connectionString, instanceId));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDataPortDatabase();
        builder.AddDataPortJobs();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        var node = new JobsNode(host, instanceId);
        await node.WaitUntilSchedulerRunsAsync();
        return node;
    }

    public static Dictionary<string, string?> FastSettings(string connectionString, string instanceId) => new()
    {
        ["ConnectionStrings:DataPort"] = connectionString,
        ["Jobs:InstanceId"] = instanceId,
        ["Jobs:PollInterval"] = "00:00:01",
        ["Jobs:CheckinInterval"] = "00:00:00.500",
        ["Jobs:CheckinMisfireThreshold"] = "00:00:01",
        ["Jobs:MisfireThreshold"] = "00:00:05",
        ["Jobs:ShutdownGracePeriod"] = "00:00:00.300",
        ["Jobs:ShutdownTimeout"] = "00:00:05",
        ["Jobs:Retry:MaxRetries"] = "2",
        ["Jobs:Retry:DelayUnit"] = "00:00:00.010",
    };

    private async Task WaitUntilSchedulerRunsAsync()
    {
        var scheduler = await SchedulerAsync();
        await Eventually.TrueAsync(() => Task.FromResult(scheduler.Status == SchedulerStatus.Running), "the scheduler to start");
    }

    /// <summary>A graceful stop, as on a deploy: running jobs get the grace period, then are handed back.</summary>
    public Task StopAsync() => host.StopAsync();

    /// <summary>
    /// As good as a crash for the cluster: the scheduler stops checking in without waiting for (or
    /// cancelling) the job in flight, so its firing stays claimed until another node recovers it.
    /// </summary>
    public async Task CrashAsync()
    {
        var scheduler = await SchedulerAsync();
        await scheduler.Shutdown(waitForJobsToComplete: false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync();
        }
        finally
        {
            host.Dispose();
        }
    }
}
