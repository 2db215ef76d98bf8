using DataPort.EventStore.Ledger;
using DataPort.Testing;
using Npgsql;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>
/// A database of its own with 30 events sealed under two signed checkpoints (sizes 12 and 30), and one
/// rolled-back append leaving a hole at <see cref="Hole"/>. Tampering tests break it as an attacker would.
/// </summary>
public sealed class LedgerScenario : IAsyncDisposable
{
    private readonly TestDatabase database = new();

    private LedgerScenario() { }

    public NpgsqlDataSource DataSource => database.DataSource;

    public string ConnectionString => database.ConnectionString;

    public PostgresLedger Ledger { get; private set; } = null!;

    public PostgresEventStore Store { get; private set; } = null!;

    public List<long> Positions { get; } = [];

    public long Hole { get; private set; }

    public static LedgerOptions Options() => new() { KeyEncryptionKey = "test-ledger-secret" };

    public static async Task<LedgerScenario> CreateAsync()
    {
        var scenario = new LedgerScenario();
        await scenario.database.InitializeAsync();
        scenario.Store = new PostgresEventStore(scenario.DataSource, SampleEvents.Registry());
        scenario.Ledger = new PostgresLedger(scenario.DataSource, Options());
        await scenario.AppendAsync(12);
        await scenario.Ledger.SealPendingAsync();
        await using (var connection = await scenario.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            scenario.Hole = (await scenario.Store.AppendAsync(transaction, "rolled-back", ExpectedVersion.Any, [new Counted(9, 9)], EventMetadata.None)).Positions[0];
            await transaction.RollbackAsync();
        }
        await scenario.AppendAsync(18);
        await scenario.Ledger.SealPendingAsync();
        return scenario;
    }

    private async Task AppendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var stream = $"ledger-{Positions.Count % 7}";
            var metadata = new EventMetadata("u-" + i, "corr-" + i, null, new Dictionary<string, string> { ["ip"] = "10.0.0." + i });
            var result = await Store.AppendAsync(stream, ExpectedVersion.Any, [new Counted(1, Positions.Count)], metadata);
            Positions.Add(result.Positions[0]);
        }
    }

    /// <summary>Runs SQL as someone with the table owner's rights would, append-only triggers switched off.</summary>
    public async Task TamperAsync(string sql)
    {
        await using var command = DataSource.CreateCommand($"""
            ALTER TABLE events.events DISABLE TRIGGER events_append_only;
            ALTER TABLE ledger.entries DISABLE TRIGGER entries_append_only;
            ALTER TABLE ledger.checkpoints DISABLE TRIGGER checkpoints_append_only;
            {sql};
            ALTER TABLE events.events ENABLE TRIGGER events_append_only;
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

    public async ValueTask DisposeAsync() => await database.DisposeAsync();
}
