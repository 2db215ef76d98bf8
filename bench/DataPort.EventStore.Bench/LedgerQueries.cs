using System.Diagnostics;
using DataPort.Bench;
using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Bench;

/// <summary>
/// The regulators' view at scale: a ledger of <c>entries</c> events over 50,000 subjects (about 20 each), all sealed
/// and checkpointed, then random subjects' entry pages and histories, and inclusion and consistency proofs against
/// the latest checkpoint, each timed one by one (p50, p99, max). Targets: entry queries by subject ≤ 50 ms p99,
/// proofs ≤ 20 ms p99, at 1,000,000 entries.
/// </summary>
public static class LedgerQueries
{
    private const int Subjects = 50_000;
    private const int Samples = 1_000;

    public static async Task RunAsync(int entries)
    {
        await using var database = await BenchDatabase.CreateAsync();
        Console.WriteLine($"PostgreSQL database {database.Name}; {entries:N0} entries over {Subjects:N0} subjects; {Environment.ProcessorCount} cores");
        var clock = Stopwatch.StartNew();
        await FillAsync(database, entries);
        Console.WriteLine($"  inserted {entries:N0} events in {clock.Elapsed.TotalSeconds:0.0} s");
        clock.Restart();
        var ledger = new PostgresLedger(database.DataSource, new LedgerOptions { KeyEncryptionKey = "bench-secret", BatchSize = 10_000 });
        var sealedResult = await ledger.SealPendingAsync();
        Console.WriteLine($"  sealed {sealedResult.EntriesSealed:N0} entries (tree size {sealedResult.TreeSize:N0}) in {clock.Elapsed.TotalSeconds:0.0} s");
        await using (var analyze = database.DataSource.CreateCommand("ANALYZE"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var reader = new LedgerEntries(database.DataSource, ledger);
        var random = new Random(17);
        string Subject() => $"grant-g{random.Next(Subjects)}";
        await Report("entries of one subject, newest first, page 1 of 50", () => reader.ListAsync(new LedgerEntryQuery(Subject())));
        await Report("a subject's history, oldest first", () => reader.ListAsync(new LedgerEntryQuery(Subject(), AfterPosition: 0)));
        await Report("entries of one type, newest first, page 3", () => reader.ListAsync(new LedgerEntryQuery(Type: "grant.used", Page: 3)));
        await Report("inclusion proof, latest checkpoint", () => ledger.GetInclusionProofAsync(1 + random.NextInt64(entries)));
        await Report("consistency proof, two sizes", () =>
        {
            var first = 1 + random.NextInt64(entries);
            return ledger.GetConsistencyProofAsync(first, first + random.NextInt64(entries - first + 1));
        });
        Console.WriteLine($"  machine load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
    }

    /// <summary>Events straight into the table (the append path has its own bench): subject i gets versions 1, 2, …</summary>
    private static async Task FillAsync(BenchDatabase database, int entries)
    {
        await using var command = database.DataSource.CreateCommand($$"""
            INSERT INTO events.mt_streams (id, version)
            SELECT 'grant-g' || s, (@entries - 1 - s) / {{Subjects}} + 1 FROM generate_series(0, least(@entries, {{Subjects}}) - 1) AS s;
            INSERT INTO events.mt_events (seq_id, id, stream_id, version, type, mt_dotnet_type, data, user_name, timestamp)
            SELECT i + 1, gen_random_uuid(), 'grant-g' || (i % {{Subjects}}), i / {{Subjects}} + 1,
                   CASE WHEN i < {{Subjects}} THEN 'grant.issued' ELSE 'grant.used' END, 'bench',
                   jsonb_build_object('grantId', 'g' || (i % {{Subjects}}), 'rows', i % 1000, 'at', '2026-11-01T08:00:00Z'),
                   'u-' || (i % 97), timestamptz '2026-01-01' + i * interval '30 seconds'
            FROM generate_series(0, @entries - 1) AS i;
            SELECT setval('events.mt_events_sequence', @entries);
            INSERT INTO events.mt_event_progression (name, last_seq_id) VALUES ('HighWaterMark', @entries);
            """);
        command.Parameters.AddWithValue("entries", (long)entries);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Report<T>(string name, Func<Task<T>> query)
    {
        for (var i = 0; i < 20; i++)
        {
            await query(); // warm-up: connections, plans, caches
        }
        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await query();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"  {name,-52} p50 {times[Samples / 2],6:0.0} ms  p99 {times[Samples * 99 / 100],6:0.0} ms  max {times[^1],6:0.0} ms  ({Samples} queries)");
    }
}
