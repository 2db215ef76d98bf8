using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DataPort.Bench;
using DataPort.Database;
using DataPort.EventStore;
using DataPort.EventStore.Bench;
using DataPort.EventStore.Ledger;
using DataPort.EventStore.Projections;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using NpgsqlTypes;

// Usage: dotnet run -c Release --project bench/DataPort.EventStore.Bench [-- seconds-per-phase]
//        dotnet run -c Release --project bench/DataPort.EventStore.Bench -- queries [entries]   (the regulators' view, see LedgerQueries)
// Measures, in one run, Marten as DataPort writes to it (EventWriter) against plain INSERTs of similar rows into a bare
// table with the same indexes and durability, at 1 and 8 writers:
//   one event per commit to a new stream;
//   the API's write: a grain command appends one event to its existing stream with the expected version, and the
//     inline read model (a view row upsert) commits with it;
//   batched: 10 events per commit, as catalog imports and multi-event commands write;
// then, with Marten's async daemon running, the ledger's sealing lag and a subscription's lag under 8 writers;
// and offline verification speed of the exported ledger.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["queries", ..])
{
    await LedgerQueries.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000);
    return;
}
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 8;
var phase = TimeSpan.FromSeconds(seconds);

await using var database = await BenchDatabase.CreateAsync();
await Baseline.CreateTablesAsync(database.DataSource);
var followed = new Follower();
var options = EventStoreSchema.CreateOptions(database.DataSource);
EventStoreRegistration.ConfigureSerialization(options);
options.Events.MapEventType<GrantIssued>("grant.issued");
options.Events.MapEventType<GrantUsed>("grant.used");
options.Events.Subscribe(new ProjectionSubscription("bench-follower", [typeof(GrantIssued)], () => followed, database.DataSource));
options.Projections.Add(new UsageViews(), ProjectionLifecycle.Inline);
using var store = new DocumentStore(options);
var writer = new EventWriter(store, database.DataSource);
var metadata = new EventMetadata("u-bench", "corr-1", "cause-1");
var counter = 0L;
const int BatchSize = 10;
const int GrantStreams = 64;
var grantVersions = new long[GrantStreams];
var grantLocks = Enumerable.Range(0, GrantStreams).Select(_ => new SemaphoreSlim(1)).ToArray();

static GrantIssued Issued(long id) => new($"grant-{id}", "u-bench", DateTimeOffset.UtcNow);

async Task InsertRaw(int rows, string stream)
{
    // Each row carries its own payload from the client, as each event does (not rows made up on the server).
    await using var command = database.DataSource.CreateCommand("""
        INSERT INTO bench.raw_events (stream_id, version, type, data, correlation_id, causation_id, actor)
        SELECT $1, v, 'grant.issued', d, 'corr-1', 'cause-1', 'u-bench' FROM unnest($2::jsonb[]) WITH ORDINALITY AS e(d, v)
        """);
    command.Parameters.Add(new() { Value = stream });
    command.Parameters.Add(new()
    {
        Value = Enumerable.Range(0, rows).Select(_ => System.Text.Json.JsonSerializer.Serialize(Issued(1))).ToArray(),
        NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
    });
    await command.ExecuteNonQueryAsync();
}

Task RawOne() => InsertRaw(1, $"raw-{Interlocked.Increment(ref counter)}");
Task RawBatch() => InsertRaw(BatchSize, $"raw-{Interlocked.Increment(ref counter)}");

async Task RawCommand()
{
    // The same statements a grain command costs with raw SQL: insert the event, upsert the view row, one commit.
    var id = Interlocked.Increment(ref counter);
    await using var connection = await database.DataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await using var batch = new NpgsqlBatch(connection, transaction)
    {
        BatchCommands =
        {
            new("INSERT INTO bench.raw_events (stream_id, version, type, data, actor) VALUES ($1, 1, 'grant.used', '{}', 'u-bench')")
            { Parameters = { new() { Value = $"rawcmd-{id}" } } },
            new("INSERT INTO bench.usage_views (grant_id, uses) VALUES ($1, 1) ON CONFLICT (grant_id) DO UPDATE SET uses = bench.usage_views.uses + 1")
            { Parameters = { new() { Value = $"g{id % GrantStreams}" } } },
        },
    };
    await batch.ExecuteNonQueryAsync();
    await transaction.CommitAsync();
}

Task<Appended> MartenOne()
{
    var id = Interlocked.Increment(ref counter);
    return writer.AppendAsync($"grant-{id}", 0, [Issued(id)], metadata);
}

Task MartenBatch()
{
    var id = Interlocked.Increment(ref counter);
    return writer.AppendAsync($"grant-{id}", 0, [.. Enumerable.Range(0, BatchSize).Select(_ => (object)Issued(id))], metadata);
}

async Task MartenCommand()
{
    // A grain owns its stream (one writer at a time, as a grain activation is); 64 grants spread 8 writers.
    var slot = (int)(Interlocked.Increment(ref counter) % GrantStreams);
    await grantLocks[slot].WaitAsync();
    try
    {
        grantVersions[slot] = (await writer.AppendAsync($"used-g{slot}", grantVersions[slot], [new GrantUsed($"g{slot}", 10)], metadata)).Version;
    }
    finally
    {
        grantLocks[slot].Release();
    }
}

// This process's CPU per event in the last phase: on 2 cores the writers' own work competes with PostgreSQL's.
var lastCpuPerEvent = TimeSpan.Zero;

async Task<double> RateAsync(int writers, Func<Task> operation, int eventsPerOperation = 1)
{
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => operation())); // warm-up: connections, plans
    long count = 0;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
    {
        while (clock.Elapsed < phase)
        {
            await operation();
            Interlocked.Add(ref count, eventsPerOperation);
        }
    })));
    var elapsed = clock.Elapsed.TotalSeconds;
    lastCpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / Math.Max(count, 1);
    return count / elapsed;
}

Console.WriteLine($"PostgreSQL database {database.Name}; {phase.TotalSeconds:0} s per phase; {Environment.ProcessorCount} cores; Marten {typeof(DocumentStore).Assembly.GetName().Version}");
var results = new Dictionary<string, List<double>>();
var clientCpu = new Dictionary<string, List<double>>();
void Record(string name, double rate)
{
    (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(rate);
    (clientCpu.TryGetValue(name, out var cpu) ? cpu : clientCpu[name] = []).Add(lastCpuPerEvent.TotalMicroseconds);
    Console.WriteLine($"  {name,-34} {rate,10:0} events/s, {lastCpuPerEvent.TotalMicroseconds,6:0} µs of this process's CPU per event");
}
// Alternate raw and Marten twice so drift on a shared machine hits both alike; report the mean of the two.
for (var round = 0; round < 2; round++)
{
    foreach (var writers in new[] { 1, 8 })
    {
        Record($"one per commit, raw x{writers}", await RateAsync(writers, RawOne));
        Record($"one per commit, Marten x{writers}", await RateAsync(writers, MartenOne));
        Record($"grain command, raw x{writers}", await RateAsync(writers, RawCommand));
        Record($"grain command, Marten x{writers}", await RateAsync(writers, MartenCommand));
        Record($"{BatchSize} per commit, raw x{writers}", await RateAsync(writers, RawBatch, BatchSize));
        Record($"{BatchSize} per commit, Marten x{writers}", await RateAsync(writers, MartenBatch, BatchSize));
    }
}

// Lags under load: the daemon (high-water mark and the subscription) runs while 8 writers append and a sealer
// seals every 250 ms, as the jobs module schedules it on a server (every 5 s there by default).
var ledger = new PostgresLedger(database.DataSource, new LedgerOptions { KeyEncryptionKey = "bench-secret" });
using var daemon = await store.BuildProjectionDaemonAsync();
await daemon.CatchUpAsync(CancellationToken.None); // the backlog from the phases above
await ledger.SealPendingAsync();
await daemon.StartAllAsync();
followed.Reset();
var appendedAt = new ConcurrentDictionary<long, long>();
var sealLags = new ConcurrentBag<double>();
using var stopSealing = new CancellationTokenSource();
var sealer = Task.Run(async () =>
{
    long sealedUpTo = 0;
    while (!stopSealing.IsCancellationRequested)
    {
        await ledger.SealPendingAsync();
        var now = Stopwatch.GetTimestamp();
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(max(position), 0) FROM ledger.entries");
        var last = (long)(await command.ExecuteScalarAsync())!;
        foreach (var (position, at) in appendedAt)
        {
            if (position > sealedUpTo && position <= last && appendedAt.TryRemove(position, out _))
            {
                sealLags.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }
        }
        sealedUpTo = last;
        await Task.Delay(250);
    }
});
var loaded = await RateAsync(8, async () =>
{
    var appended = await MartenOne();
    var at = Stopwatch.GetTimestamp();
    appendedAt[appended.Positions[0]] = at;
    followed.Appended[appended.Positions[0]] = at;
});
await Task.Delay(3000);
await stopSealing.CancelAsync();
await sealer;
await daemon.StopAllAsync();
var seal = Percentiles(sealLags);
var follow = Percentiles(followed.Lags);

// Offline verification speed: the real ledger from the phases above, and a synthetic 200,000-entry one.
await HighWaterMark.AdvanceAsync(database.DataSource, CancellationToken.None);
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

static (double P50, double P95, double Max, int Count) Percentiles(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    double At(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    return (At(0.5), At(0.95), At(1), sorted.Length);
}

double Mean(string name) => results[name].Average();
double Cpu(string name) => clientCpu[name].Average();
string Ratio(string pattern, int writers) =>
    $"Marten {Mean($"{pattern}, Marten x{writers}"),8:0}/s vs raw {Mean($"{pattern}, raw x{writers}"),8:0}/s = {Mean($"{pattern}, Marten x{writers}") / Mean($"{pattern}, raw x{writers}"),4:P0}" +
    $"; client CPU per event {Cpu($"{pattern}, Marten x{writers}"),5:0} µs vs {Cpu($"{pattern}, raw x{writers}"),4:0} µs";
Console.WriteLine();
Console.WriteLine("Summary (events/s, mean of two rounds)");
foreach (var pattern in new[] { "one per commit", "grain command", $"{BatchSize} per commit" })
{
    foreach (var writers in new[] { 1, 8 })
    {
        Console.WriteLine($"  {pattern,-15} x{writers}: {Ratio(pattern, writers)}");
    }
}
Console.WriteLine($"  sealing lag, 8 writers at {loaded:0}/s, sealer every 250 ms: p50 {seal.P50:0} ms, p95 {seal.P95:0} ms, max {seal.Max:0} ms over {seal.Count} events (target p95 < 2000 ms)");
Console.WriteLine($"  subscription lag on the async daemon: p50 {follow.P50:0} ms, p95 {follow.P95:0} ms, max {follow.Max:0} ms over {follow.Count} events");
Console.WriteLine($"  offline verification, synthetic: {report.EntriesVerified} entries ({fileSize / 1048576.0:0.0} MiB): {verifyRate:0} entries/s wall clock, {verifyCpuRate:0} entries per CPU-second; {report}");
Console.WriteLine($"  offline verification, this run's ledger: {realReport.EntriesVerified} entries: {realRate:0} entries/s wall clock, {realCpuRate:0} per CPU-second; {realReport}");
Console.WriteLine($"  machine load average while running: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");

internal sealed record GrantIssued(string GrantId, string IssuedBy, DateTimeOffset IssuedAt);

internal sealed record GrantUsed(string GrantId, long Rows);

/// <summary>The inline read model of the grain-command pattern: one upsert per use, in the append's transaction.</summary>
internal sealed class UsageViews : EventProjection
{
    public UsageViews() => IncludeType<GrantUsed>();

    // Inline, Marten hands over every event of the appended streams, whatever the included types.
    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is GrantUsed used)
        {
            operations.QueueSqlCommand(
                "INSERT INTO bench.usage_views (grant_id, uses) VALUES (?, 1) ON CONFLICT (grant_id) DO UPDATE SET uses = bench.usage_views.uses + 1",
                used.GrantId);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>A subscription that notes, per event, how long after its append it arrived.</summary>
internal sealed class Follower : IAsyncProjection
{
    public ConcurrentDictionary<long, long> Appended { get; } = new();

    public ConcurrentBag<double> Lags { get; private set; } = [];

    public void Reset() => Lags = [];

    public Task ApplyAsync(NpgsqlTransaction transaction, IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var e in events)
        {
            if (Appended.TryRemove(e.Sequence, out var at))
            {
                Lags.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }
        }
        return Task.CompletedTask;
    }
}
