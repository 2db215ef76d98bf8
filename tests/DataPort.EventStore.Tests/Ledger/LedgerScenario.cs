using DataPort.EventStore.Ledger;
using DataPort.Testing;
using Npgsql;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>
/// A database of its own with 30 events appended through Marten and sealed under two signed checkpoints (sizes 12
/// and 30), one rolled-back append leaving a hole at <see cref="Hole"/> and one refused for its version. Tampering tests
/// break it as an attacker would.
/// </summary>
public sealed class LedgerScenario : IAsyncDisposable
{
    private readonly TestDatabase database = new();

    private LedgerScenario() { }

    public NpgsqlDataSource DataSource => database.DataSource;

    public string ConnectionString => database.ConnectionString;

    public PostgresLedger Ledger { get; private set; } = null!;

    public SampleEventStore Events { get; private set; } = null!;

    public List<long> Positions { get; } = [];

    public long Hole { get; private set; }

    public static LedgerOptions Options() => new() { KeyEncryptionKey = "test-ledger-secret" };

    public static async Task<LedgerScenario> CreateAsync()
    {
        var scenario = new LedgerScenario();
        await scenario.database.InitializeAsync();
        scenario.Events = new SampleEventStore(scenario.DataSource);
        scenario.Ledger = new PostgresLedger(scenario.DataSource, Options());
        await scenario.AppendAsync(12);
        await scenario.SealAsync();
        await using (var connection = await scenario.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            scenario.Hole = (await scenario.Events.Writer.AppendAsync(transaction, "rolled-back", null, [new Counted(9, 9)], EventMetadata.None)).Positions[0];
            await transaction.RollbackAsync();
        }
        // A version conflict: Marten may leave a tombstone row for it, which the ledger never seals.
        await Assert.ThrowsAsync<JasperFx.Events.EventStreamUnexpectedMaxEventIdException>(() =>
            scenario.Events.Writer.AppendAsync("ledger-0", 0, [new Counted(8, 8)], EventMetadata.None));
        await scenario.AppendAsync(18);
        await scenario.SealAsync();
        return scenario;
    }

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var stream = $"ledger-{Positions.Count % 7}";
            var metadata = new EventMetadata("u-" + i, "corr-" + i, null, new Dictionary<string, string> { ["ip"] = "10.0.0." + i });
            var result = await Events.Writer.AppendAsync(stream, null, [new Counted(1, Positions.Count)], metadata);
            Positions.Add(result.Positions[0]);
        }
    }

    /// <summary>Moves the high-water mark as a server's daemon would, then seals.</summary>
    public async Task<SealResult> SealAsync()
    {
        await Events.AdvanceHighWaterMarkAsync();
        return await Ledger.SealPendingAsync();
    }

    /// <summary>Runs SQL as someone with the table owner's rights would, append-only triggers switched off.</summary>
    public async Task TamperAsync(string sql)
    {
        await using var command = DataSource.CreateCommand($"""
            ALTER TABLE events.mt_events DISABLE TRIGGER events_append_only;
            ALTER TABLE ledger.entries DISABLE TRIGGER entries_append_only;
            ALTER TABLE ledger.checkpoints DISABLE TRIGGER checkpoints_append_only;
            {sql};
            ALTER TABLE events.mt_events ENABLE TRIGGER events_append_only;
            ALTER TABLE ledger.entries ENABLE TRIGGER entries_append_only;
            ALTER TABLE ledger.checkpoints ENABLE TRIGGER checkpoints_append_only;
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Verifies against the database, then exports and verifies the file offline; both must agree.</summary>
    public async Task<VerificationReport> VerifyBothAsync()
    {
        var online = await Ledger.VerifyAsync();
        var file = Path.GetTempFileName();
        try
        {
            await using (var output = File.Create(file))
            {
                await Ledger.ExportAsync(output);
            }
            var offline = await LedgerVerifier.VerifyFileAsync(file);
            Assert.Equal(online with { Problem = null }, offline with { Problem = null });
            Assert.Equal(online.Problem, offline.Problem);
            return online;
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task<string> ExportToFileAsync()
    {
        var file = Path.GetTempFileName();
        await using var output = File.Create(file);
        await Ledger.ExportAsync(output);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        Events.Dispose();
        await database.DisposeAsync();
    }
}
