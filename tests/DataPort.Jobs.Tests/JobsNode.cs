using DataPort.Database;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataPort.Jobs.Tests;

/// <summary>
/// One DataPort node as far as jobs go: a host with the database and the jobs module (Hangfire's client and its two
/// servers) on the test database, with intervals shortened so that retries and hand-overs show within seconds.
/// </summary>
public sealed class JobsNode : IAsyncDisposable
{
    private readonly IHost host;

    private JobsNode(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public JobRuns Runs => Services.GetRequiredService<JobRuns>();

    public IBackgroundJobClient Client => Services.GetRequiredService<IBackgroundJobClient>();

    /// <summary>Hangfire's name for this node's servers (lower case), which each run's <c>node</c> starts with.</summary>
    public string Name { get; private init; } = "";

    public static async Task<JobsNode> StartAsync(
        string connectionString, string name, IDictionary<string, string?>? settings = null, Action<IHostApplicationBuilder>? configure = null)
    {
        var host = Build(connectionString, name, settings, configure);
        await host.StartAsync();
        return new JobsNode(host) { Name = name };
    }

    public static IHost Build(
        string connectionString, string name, IDictionary<string, string?>? settings = null, Action<IHostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(FastSettings(connectionString));
        builder.Configuration.AddInMemoryCollection([new("Jobs:NodeName", name)]);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDataPortDatabase();
        builder.AddDataPortJobs();
        configure?.Invoke(builder);
        return builder.Build();
    }

    public static Dictionary<string, string?> FastSettings(string connectionString) => new()
    {
        ["ConnectionStrings:DataPort"] = connectionString,
        ["Jobs:QueuePollInterval"] = "00:00:00.100",
        ["Jobs:SchedulePollingInterval"] = "00:00:01",
        ["Jobs:InvisibilityTimeout"] = "00:00:05",
        ["Jobs:ShutdownTimeout"] = "00:00:01",
        [$"Jobs:Retry:{nameof(FailingJob)}:Attempts"] = "2",
        [$"Jobs:Retry:{nameof(FailingJob)}:DelaysInSeconds:0"] = "2",
        [$"Jobs:Retry:{nameof(FailingJob)}:DelaysInSeconds:1"] = "4",
    };

    /// <summary>A graceful stop, as on a deploy: running jobs are cancelled after the shutdown timeout and handed back.</summary>
    public Task StopAsync() => host.StopAsync();

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
