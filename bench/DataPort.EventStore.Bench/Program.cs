using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DataPort.Bench;
using DataPort.EventStore;
using DataPort.EventStore.Bench;
using DataPort.EventStore.Ledger;
using NpgsqlTypes;

// Usage: dotnet run -c Release --project bench/DataPort.EventStore.Bench [-- seconds-per-phase]
//        dotnet run -c Release --project bench/DataPort.EventStore.Bench -- queries [entries]   (the regulators' view, see LedgerQueries)
// Measures, in one run: single-event appends to distinct streams with 1 and 8 writers against plain
// INSERTs of the same rows into a bare table with the same indexes and durability; the sealing lag while
// 8 writers append; offline verification speed of the exported ledger.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["queries", ..])
{
    await LedgerQueries.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
    return;
}
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 8;
var phase = TimeSpan.FromSeconds(seconds);

await using var database = await BenchDatabase.CreateAsync();
await Baseline.CreateTableAsync(database.DataSource);
var registry = new EventTypeRegistry().Register<GrantIssued>("grant.issued");
var store = new PostgresEventStore(database.DataSource, registry);
var metadata = new EventMetadata("u-bench", "corr-1", "cause-1");
var streamCounter = 0L;

async Task AppendOne()
{
    var id = Interlocked.Increment(ref streamCounter);
    await store.AppendAsync($"grant-{id}", ExpectedVersion.NoStream, [new GrantIssued($"grant-{id}", "u-bench", DateTimeOffset.UtcNow)], metadata);
}

async Task InsertOne()
{
    var id = Interlocked.Increment(ref streamCounter);
    await using var command = database.DataSource.CreateCommand(
        "INSERT INTO bench.raw_events (stream_id, version, type, data, correlation_id, causation_id, actor) VALUES ($1, 1, $2, $3, $4, $5, $6)");
    command.Parameters.Add(new() { Value = $"grant-{id}" });
    command.Parameters.Add(new() { Value = "grant.issued" });
    command.Parameters.Add(new() { Value = registry.Serialize(new GrantIssued($"grant-{id}", "u-bench", DateTimeOffset.UtcNow)), NpgsqlDbType = NpgsqlDbType.Jsonb });
    command.Parameters.Add(new() { Value = "corr-1" });
    command.Parameters.Add(new() { Value = "cause-1" });
    command.Parameters.Add(new() { Value = "u-bench" });
    await command.ExecuteNonQueryAsync();
}

async Task<double> RateAsync(int writers, Func<Task> operation, Action<long>? afterEach = null)
{
    // Warm-up: open connections, plans.
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => operation()));
    long count = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
    {
        while (clock.Elapsed < phase)
        {
            await operation();
            var done = Interlocked.Increment(ref count);
            afterEach?.Invoke(done);
        }
    })));
    return count / clock.Elapsed.TotalSeconds;
}

Console.WriteLine($"PostgreSQL database {database.Name}; {phase.TotalSeconds:0} s per phase; {Environment.ProcessorCount} cores");
var results = new Dictionary<string, List<double>>();
void Record(string name, double rate)
{
    (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(rate);
    Console.WriteLine($"  {name,-22} {rate,10:0} events/s");
}
// Alternate raw and store twice so drift on a shared machine hits both alike; report the median-of-two (mean).
for (var round = 0; round < 2; round++)
{
    foreach (var writers in new[] { 1, 8 })
    {
        Record($"raw INSERT x{writers}", await RateAsync(writers, InsertOne));
        Record($"event store x{writers}", await RateAsync(writers, AppendOne));
    }
}

// Sealing lag under load: 8 writers append while one sealer seals continuously. Each append's completion
// time is recorded by position; after each seal we know the last sealed position and the time.
var ledger = new PostgresLedger(database.DataSource, new LedgerOptions { KeyEncryptionKey = "bench-secret" });
await ledger.SealPendingAsync(); // seal the backlog from the phases above first
var appendedAt = new ConcurrentDictionary<long, long>();
var lags = new ConcurrentBag<double>();
using var stopSealing = new CancellationTokenSource();
var sealer = Task.Run(async () =>
{
    long sealedUpTo = 0;
    while (!stopSealing.IsCancellationRequested)
    {
        var result = await ledger.SealPendingAsync();
        var now = Stopwatch.GetTimestamp();
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(max(position), 0) FROM ledger.entries");
        var last = (long)(await command.ExecuteScalarAsync())!;
        foreach (var (position, at) in appendedAt)
        {
            if (position > sealedUpTo && position <= last && appendedAt.TryRemove(position, out _))
            {
                lags.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }
        }
        sealedUpTo = last;
        await Task.Delay(250);
    }
});
var loaded = await RateAsync(8, async () =>
{
    var id = Interlocked.Increment(ref streamCounter);
    var result = await store.AppendAsync($"grant-{id}", ExpectedVersion.NoStream, [new GrantIssued($"grant-{id}", "u-bench", DateTimeOffset.UtcNow)], metadata);
    appendedAt[result.Positions[0]] = Stopwatch.GetTimestamp();
});
await Task.Delay(3000);
await stopSealing.CancelAsync();
await sealer;
var sortedLags = lags.Order().ToArray();
double Percentile(double p) => sortedLags.Length == 0 ? double.NaN : sortedLags[Math.Min(sortedLags.Length - 1, (int)(p * sortedLags.Length))];

// Offline verification speed: the real ledger from the phases above, and a synthetic 200,000-entry one.
await ledger.SealPendingAsync();
var (realReport, realRate, realCpuRate, _) = await VerifyExportAsync(new DatabaseLedgerSource(database.DataSource));
var (report, verifyRate, verifyCpuRate, fileSize) = await VerifyExportAsync(new SyntheticLedger(200_000));

async Task<(VerificationReport Report, double Rate, double CpuRate, long Bytes)> VerifyExportAsync(ILedgerSource source)
{
    var file = Path.Combine(Path.GetTempPath(), $"{database.Name}-{Guid.NewGuid():N}.jsonl");
    await using (var output = File.Create(file))
    {
        await LedgerFile.WriteAsync(source, output, DateTimeOffset.UtcNow, CancellationToken.None);
    }
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var result = await LedgerVerifier.VerifyFileAsync(file);
    var wall = clock.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var bytes = new FileInfo(file).Length;
    File.Delete(file);
    return (result, result.EntriesVerified / wall, result.EntriesVerified / cpuSeconds, bytes);
}

double Mean(string name) => results[name].Average();
Console.WriteLine();
Console.WriteLine("Summary");
Console.WriteLine($"  1 writer : event store {Mean("event store x1"),8:0}/s vs raw {Mean("raw INSERT x1"),8:0}/s = {Mean("event store x1") / Mean("raw INSERT x1"):P0}");
Console.WriteLine($"  8 writers: event store {Mean("event store x8"),8:0}/s vs raw {Mean("raw INSERT x8"),8:0}/s = {Mean("event store x8") / Mean("raw INSERT x8"):P0}  (target >= 80%)");
Console.WriteLine($"  sealing lag, 8 writers at {loaded:0}/s, sealer looping every 250 ms: p50 {Percentile(0.5):0} ms, p95 {Percentile(0.95):0} ms, max {Percentile(1):0} ms over {sortedLags.Length} events (target < 2000 ms)");
Console.WriteLine($"  offline verification, synthetic: {report.EntriesVerified} entries ({fileSize / 1048576.0:0.0} MiB): {verifyRate:0} entries/s wall clock, {verifyCpuRate:0} entries per CPU-second; {report} (target >= 100000/s)");
Console.WriteLine($"  offline verification, this run's ledger: {realReport.EntriesVerified} entries: {realRate:0} entries/s wall clock, {realCpuRate:0} per CPU-second; {realReport}");
Console.WriteLine($"  machine load average while running: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");

internal sealed record GrantIssued(string GrantId, string IssuedBy, DateTimeOffset IssuedAt);
