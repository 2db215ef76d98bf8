using System.Diagnostics;
using System.Globalization;
using DataPort.Bench;
using DataPort.Domain.Grants;
using DataPort.Database;
using DataPort.EventStore;
using DataPort.Jobs.Bench;
using DataPort.Trading.Usage;
using Marten;

// Usage: dotnet run -c Release --project bench/DataPort.Jobs.Bench [-- events-in-the-busy-hour [grants]]
//        dotnet run -c Release --project bench/DataPort.Jobs.Bench -- latency [runs]   (enqueue-to-start, Latency.cs)
// Seeds a throw-away database with 48 quiet hours of usage and one busy hour, then measures: rolling up the
// busy hour (first run and reruns), and the metered-query read of a month's statement for every grant,
// as statements did it before (one stream read per grant) and through the roll-up (before and after the
// month's hours are rolled up). Wall time; the work is in PostgreSQL, so this process's CPU time says little.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["latency", ..])
{
    await using var jobsDatabase = await BenchDatabase.CreateAsync();
    await Latency.RunAsync(jobsDatabase, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
    return;
}
var busyEvents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var grants = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
const int quietEventsPerHour = 2_000;

await using var database = await BenchDatabase.CreateAsync();
var month = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
var busyHour = month.AddHours(48);
Console.WriteLine($"PostgreSQL database {database.Name}; {grants} grants; busy hour {busyEvents:N0} usage events; "
    + $"48 quiet hours of {quietEventsPerHour:N0}; {Environment.ProcessorCount} cores");

var seeding = Stopwatch.StartNew();
await Usage.SeedGrantsAsync(database.DataSource, grants);
for (var h = 0; h < 48; h++)
{
    await Usage.SeedHourAsync(database.DataSource, month.AddHours(h), quietEventsPerHour, grants);
}
await Usage.SeedHourAsync(database.DataSource, busyHour, busyEvents, grants);
await Usage.AnalyzeAsync(database.DataSource);
Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

// The roll-up may only run on closed hours; the seeded month is in the past of any clock.
var usage = new HourlyUsage(database.DataSource, TimeProvider.System);
for (var run = 1; run <= 3; run++)
{
    var clock = Stopwatch.StartNew();
    var counted = await usage.RollUpHourAsync(busyHour, default);
    Console.WriteLine($"  roll-up of the busy hour, run {run}: {clock.Elapsed.TotalMilliseconds,8:0} ms ({counted:N0} events)");
}
await Usage.ForgetRollUpsAsync(database.DataSource);

var options = EventStoreSchema.CreateOptions(database.DataSource);
EventStoreRegistration.ConfigureSerialization(options);
options.Events.MapEventType<GrantUsageRecorded>("grant.usage-recorded");
using var store = new DocumentStore(options);
var ids = Enumerable.Range(0, grants).Select(Usage.GrantId).ToArray();
async Task<long> PerStreamAsync()
{
    // What Statements.ForAsync did before: each pay-per-query grant's stream, counted in .NET.
    long total = 0;
    foreach (var id in ids)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync("grant-" + id);
        total += events.Count(e => e.Data is GrantUsageRecorded { Kind: not UseKind.Download } used
            && used.RecordedAt >= month && used.RecordedAt < month.AddMonths(1));
    }
    return total;
}
async Task<long> RolledAsync() => (await usage.MeteredQueriesAsync(ids, month, month.AddMonths(1), default)).Values.Sum();

async Task MeasureAsync(string name, Func<Task<long>> read)
{
    await read();
    var clock = Stopwatch.StartNew();
    const int repeats = 3;
    long queries = 0;
    for (var i = 0; i < repeats; i++)
    {
        queries = await read();
    }
    Console.WriteLine($"  {name,-44} {clock.Elapsed.TotalMilliseconds / repeats,8:0} ms ({queries:N0} queries)");
}

await MeasureAsync("statement read, one stream per grant (before)", PerStreamAsync);
await MeasureAsync("statement read, nothing rolled up yet", RolledAsync);
var rollingAll = Stopwatch.StartNew();
for (var h = 0; h <= 48; h++)
{
    await usage.RollUpHourAsync(month.AddHours(h), default);
}
Console.WriteLine($"  roll-up of all 49 hours (catch-up)               {rollingAll.Elapsed.TotalMilliseconds,8:0} ms");
await MeasureAsync("statement read, every hour rolled up", RolledAsync);
// The usual case: the month is rolled up but for the open hour, read live; here the last hour is the busy one.
await Usage.ForgetHourAsync(database.DataSource, busyHour);
await MeasureAsync("statement read, all but the (busy) last hour rolled up", RolledAsync);
