using System.Diagnostics;

namespace DataPort.Bench.Load;

/// <summary>What a load run measured: answers per second and latency percentiles in milliseconds.</summary>
public sealed record LoadResult(int Clients, double PerSecond, double P50, double P99, int Errors)
{
    public double P95 { get; init; }

    public override string ToString() => $"{PerSecond,9:0} /s {P50,9:0.00} {P99,9:0.00}{(Errors > 0 ? $"  ({Errors} errors)" : "")}";
}

/// <summary>A closed-loop load generator: each client sends its next call when the last one is answered.</summary>
public static class Load
{
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Func<int, Task> call)
    {
        // Warm-up: connections, pools and JIT, outside the measurement.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            for (var i = 0; i < 5; i++)
            {
                await call(client);
            }
        }));
        var latencies = new List<double>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await call(client);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(clients, all.Length / elapsed, Percentile(all, 0.5), Percentile(all, 0.99), errors) { P95 = Percentile(all, 0.95) };
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
