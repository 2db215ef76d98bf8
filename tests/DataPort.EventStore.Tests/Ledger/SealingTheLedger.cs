using DataPort.EventStore.Ledger;
using DataPort.Testing;

namespace DataPort.EventStore.Tests.Ledger;

public sealed class SealingTheLedger(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_sealed_events_When_verifying_online_and_offline_Then_both_report_intact()
    {
        await using var scenario = await LedgerScenario.CreateAsync();

        var report = await scenario.VerifyBothAsync();

        Assert.True(report.Intact, report.ToString());
        Assert.Equal(30, report.EntriesVerified);
        Assert.Equal(2, report.CheckpointsVerified);
        Assert.Equal(0, report.UnsignedEntries);
        var checkpoint = await scenario.Ledger.GetLatestCheckpointAsync();
        Assert.Equal(30, checkpoint!.TreeSize);
    }

    [Fact]
    public async Task Given_sealed_events_When_proving_inclusion_and_consistency_Then_the_proofs_verify_against_signed_roots_and_fail_when_altered()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var header = await new DatabaseLedgerSource(scenario.DataSource).ReadHeaderAsync(CancellationToken.None);
        var (first, second) = (header.Checkpoints[0], header.Checkpoints[1]);

        foreach (var position in scenario.Positions)
        {
            var proof = (await scenario.Ledger.GetInclusionProofAsync(position))!;
            Assert.Equal(second.RootHash, proof.RootHash);
            Assert.True(proof.Verify(), $"position {position}");
            Assert.False((proof with { EntryHash = Flip(proof.EntryHash) }).Verify());
            Assert.False((proof with { Path = [.. proof.Path.Select((p, i) => i == 0 ? Flip(p) : p)] }).Verify());
        }
        Assert.Null(await scenario.Ledger.GetInclusionProofAsync(scenario.Hole));
        Assert.Null(await scenario.Ledger.GetInclusionProofAsync(scenario.Positions[20], treeSize: 12));

        var consistency = await scenario.Ledger.GetConsistencyProofAsync(first.TreeSize, second.TreeSize);
        Assert.Equal(first.RootHash, consistency.FirstRoot);
        Assert.Equal(second.RootHash, consistency.SecondRoot);
        Assert.True(consistency.Verify());
        Assert.False((consistency with { FirstRoot = Flip(consistency.FirstRoot) }).Verify());
        Assert.False((consistency with { Path = [.. consistency.Path.Select((p, i) => i == consistency.Path.Count - 1 ? Flip(p) : p)] }).Verify());
    }

    [Fact]
    public async Task Given_nothing_new_When_sealing_again_Then_no_entry_and_no_checkpoint_is_added()
    {
        await using var scenario = await LedgerScenario.CreateAsync();
        var result = await scenario.Ledger.SealPendingAsync();
        Assert.Equal(0, result.EntriesSealed);
        Assert.Equal(30, result.TreeSize);
        Assert.Null(result.Checkpoint);
    }

    [Fact]
    public async Task Given_writers_appending_while_sealers_run_When_everything_is_sealed_Then_every_event_is_in_the_ledger_once_and_it_verifies()
    {
        using var events = new SampleEventStore(database.DataSource);
        var ledger = new PostgresLedger(database.DataSource, LedgerScenario.Options());
        using var stop = new CancellationTokenSource();
        // Each sealer first moves the high-water mark, as the daemon does beside it on a server: a writer whose
        // transaction is still open below newer events must hold the mark back, or its event would be lost.
        var sealers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await events.AdvanceHighWaterMarkAsync();
                await ledger.SealPendingAsync();
                await Task.Delay(5);
            }
        })).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await events.Writer.AppendAsync($"sealed-{writer}-{i % 5}", null, [new Counted(writer, i)], EventMetadata.None);
            }
        })));
        await stop.CancelAsync();
        await Task.WhenAll(sealers);
        await events.AdvanceHighWaterMarkAsync();
        await ledger.SealPendingAsync();

        var report = await ledger.VerifyAsync();
        Assert.True(report.Intact, report.ToString());
        Assert.Equal(2000, report.EntriesVerified);
        Assert.Equal(0, report.UnsignedEntries);
    }

    [Fact]
    public async Task Given_a_transaction_that_commits_long_after_later_events_When_sealing_Then_its_event_is_sealed_in_place_not_lost()
    {
        using var events = new SampleEventStore(database.DataSource);
        var ledger = new PostgresLedger(database.DataSource, LedgerScenario.Options());
        await events.Writer.AppendAsync($"late-{Guid.NewGuid():N}", null, [new Counted(0, 0)], EventMetadata.None);
        await events.AdvanceHighWaterMarkAsync();
        await ledger.SealPendingAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var slow = await connection.BeginTransactionAsync();
        var late = (await events.Writer.AppendAsync(slow, $"late-{Guid.NewGuid():N}", null, [new Counted(1, 1)], EventMetadata.None)).Positions[0];
        var early = (await events.Writer.AppendAsync($"late-{Guid.NewGuid():N}", null, [new Counted(2, 2)], EventMetadata.None)).Positions[0];

        // Longer than Marten's stale-sequence threshold (3 s): the mark must still not pass the open transaction.
        Assert.False(await HighWaterMark.AdvanceAsync(database.DataSource, CancellationToken.None, TimeSpan.FromSeconds(5)));
        var whileOpen = await ledger.SealPendingAsync();
        await slow.CommitAsync();
        await events.AdvanceHighWaterMarkAsync();
        var afterCommit = await ledger.SealPendingAsync();

        Assert.True(early > late);
        Assert.Equal(0, whileOpen.EntriesSealed);
        Assert.Equal(2, afterCommit.EntriesSealed);
        Assert.NotNull(await ledger.GetInclusionProofAsync(late));
        var report = await ledger.VerifyAsync();
        Assert.True(report.Intact, report.ToString());
    }

    [Fact]
    public void Given_no_key_encryption_key_in_configuration_When_resolving_the_secret_Then_a_key_file_is_created_once_and_reused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"dataport-kek-{Guid.NewGuid():N}", "ledger-kek");
        try
        {
            var options = new LedgerOptions { KeyFile = file };
            var first = options.ResolveSecret();
            Assert.Equal(first, options.ResolveSecret());
            Assert.Equal(44, first.Length);
            Assert.Equal("configured", new LedgerOptions { KeyFile = file, KeyEncryptionKey = "configured" }.ResolveSecret());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static byte[] Flip(byte[] hash)
    {
        var copy = hash.ToArray();
        copy[^1] ^= 0x80;
        return copy;
    }
}
