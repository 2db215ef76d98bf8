using System.Diagnostics;
using DataPort.Bench;
using DataPort.Database;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataPort.Jobs.Bench;

/// <summary>
/// Enqueue-to-start latency of a Hangfire run with DataPort's production settings: one node with both servers,
/// runs enqueued one at a time (each after the previous started), the start taken inside the job.
/// </summary>
internal static class Latency
{
    private static readonly Dictionary<string, long> Started = [];

    public static async Task RunAsync(BenchDatabase database, int runs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:DataPort", database.ConnectionString)]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDataPortDatabase();
        builder.AddDataPortJobs();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        // Warm-up: the first runs pay for JIT and connection pools.
        await MeasureAsync(client, 20);
        var latencies = await MeasureAsync(client, runs);
        latencies.Sort();
        Console.WriteLine($"enqueue-to-start over {runs} runs (pipeline queue, Jobs:QueuePollInterval 200 ms): " +
            $"median {latencies[latencies.Count / 2]:0.0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.0} ms, max {latencies[^1]:0.0} ms");
        await host.StopAsync();
    }

    private static async Task<List<double>> MeasureAsync(IBackgroundJobClient client, int runs)
    {
        var latencies = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var enqueued = Stopwatch.GetTimestamp();
            var id = client.Enqueue<TimedJob>(job => job.Run(null!));
            long started;
            while (true)
            {
                lock (Started)
                {
                    if (Started.Remove(id, out started))
                    {
                        break;
                    }
                }
                await Task.Delay(1);
            }
            latencies.Add(Stopwatch.GetElapsedTime(enqueued, started).TotalMilliseconds);
        }
        return latencies;
    }

    /// <summary>Notes when it started; does nothing else.</summary>
    [Queue(JobQueues.Pipeline)]
    public sealed class TimedJob
    {
        public void Run(PerformContext context)
        {
            var now = Stopwatch.GetTimestamp();
            lock (Started)
            {
                Started[context.BackgroundJob.Id] = now;
            }
        }
    }
}
