using System.Diagnostics;
using System.Security.Cryptography;
using DataPort.Bench;
using DataPort.Domain.Grants;
using DataPort.Grains.Grants;
using DataPort.Sandbox;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Queries;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

// What governing a sandbox query costs, on a throw-away database of the local cluster (DATAPORT_BENCH_CONNECTION):
//   1. the grant check alone (one grain call, answered from memory) at one caller and at 64, then with the usage record
//      (two grain calls, one event appended with its inline projections);
//   2. a governed query (check, roles check, plan check, run as the grant role in the locked-down sandbox database,
//      record) against the same SQL run directly through Npgsql by the database owner.
// Usage: dotnet run -c Release --project bench/DataPort.Sandbox.Bench [-- --runs N]
var runs = args.Length == 2 && args[0] == "--runs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
await using var database = await BenchDatabase.CreateAsync();
using var host = await SandboxSeed.StartHostAsync(database.ConnectionString, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

const string Sql = "SELECT district, count(*), avg(age) FROM people WHERE age > 30 GROUP BY district";
var developer = SandboxSeed.Developer;
var grantId = (await SandboxSeed.PeopleWithGrantsAsync(host.Services, grants: 1))[0];
var gateway = host.Services.GetRequiredService<IGrantGateway>();
var queries = host.Services.GetRequiredService<SandboxQueries>();
var sandboxDatabase = host.Services.GetRequiredService<DataPort.Sandbox.Database.SandboxDatabase>();

// The grant check alone: the grain decides on its in-memory state (and its dataset grain's), with no database read.
var grantGrain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccessGrantGrain>(grantId);
var firstUse = new SandboxUse(UseKind.SandboxQuery, developer);
var first = (await gateway.CheckAsync(grantId, firstUse, "hash"))!;
await gateway.RecordAsync(first, firstUse, new UseReport("hash", 0, false, 0, UseOutcomes.Succeeded));
var resolved = first.Use;
var checkOnly = await MeasureAsync(runs, async () => await grantGrain.AuthorizeAsync(resolved, DateTimeOffset.UtcNow));
var checksPerSecond = await ThroughputAsync(64, TimeSpan.FromSeconds(3), () => grantGrain.AuthorizeAsync(resolved, DateTimeOffset.UtcNow));

var checkAndRecord = await MeasureAsync(runs, async () =>
{
    var use = new SandboxUse(UseKind.SandboxQuery, developer);
    var check = (await gateway.CheckAsync(grantId, use, "hash"))!;
    await gateway.RecordAsync(check, use, new UseReport("hash", 6, false, 1, UseOutcomes.Succeeded));
});
var governed = await MeasureAsync(runs, async () =>
{
    await using var writer = new JsonResultWriter(Stream.Null);
    await queries.RunAsync(grantId, developer, Sql, writer);
});
var raw = await MeasureAsync(runs, async () =>
{
    await using var command = sandboxDatabase.DataSource.CreateCommand(Sql.Replace("FROM people", "FROM sbx_people_v1.people", StringComparison.Ordinal));
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
    }
});

// The governed path takes a connection as the grant's login role from that login's pool; this is that step alone.
var logins = host.Services.GetRequiredService<DataPort.Sandbox.Roles.GrantLogins>();
var loginOpen = await MeasureAsync(runs, async () =>
{
    await using var connection = logins.CreateConnection(SandboxNames.LoginRole(grantId));
    await connection.OpenAsync();
});

Console.WriteLine($"{runs} runs each, one caller at a time (milliseconds)");
Console.WriteLine($"{"",-36} {"median",8} {"p99",8}");
Report("grant check alone (grain call)", checkOnly);
Report("grant check + usage record", checkAndRecord);
Report("governed query (whole sandbox path)", governed);
Report("  of which: the grant's pooled login", loginOpen);
Report("same SQL through Npgsql directly", raw);
Console.WriteLine($"governed / direct, medians: {Percentile(governed, 0.5) / Percentile(raw, 0.5):0.0}x");
Console.WriteLine($"grant checks through one grant grain, 64 callers: {checksPerSecond:0} calls/s");
await host.StopAsync();

static async Task<double[]> MeasureAsync(int runs, Func<Task> action)
{
    for (var i = 0; i < Math.Max(20, runs / 10); i++)
    {
        await action();
    }
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
    Array.Sort(times);
    return times;
}

static async Task<double> ThroughputAsync(int callers, TimeSpan duration, Func<Task> call)
{
    var clock = Stopwatch.StartNew();
    var calls = 0L;
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        while (clock.Elapsed < duration)
        {
            await call();
            Interlocked.Increment(ref calls);
        }
    })));
    return calls / clock.Elapsed.TotalSeconds;
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static void Report(string what, double[] sorted) =>
    Console.WriteLine($"{what,-36} {Percentile(sorted, 0.5),8:0.00} {Percentile(sorted, 0.99),8:0.00}");
