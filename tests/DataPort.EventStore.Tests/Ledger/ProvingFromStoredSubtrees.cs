using DataPort.EventStore.Ledger;
using DataPort.Testing;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>
/// Proofs read stored subtree roots and a few blocks of leaves instead of every leaf; they must be exactly the proofs
/// computed from all the leaves in memory, across block edges, for trees sealed in uneven steps.
/// </summary>
public sealed class ProvingFromStoredSubtrees(ProvingFromStoredSubtrees.SealedInSteps tree) : IClassFixture<ProvingFromStoredSubtrees.SealedInSteps>
{
    private readonly TestDatabase database = tree.Database;
    private readonly PostgresLedger ledger = tree.Ledger;
    private readonly List<long> positions = tree.Positions;

    /// <summary>1,037 events sealed in steps of 300, 500 and 237: stored blocks end mid-seal, and the last block is partial.</summary>
    public sealed class SealedInSteps : IAsyncLifetime
    {
        public TestDatabase Database { get; } = new();

        public PostgresLedger Ledger { get; private set; } = null!;

        public List<long> Positions { get; } = [];

        public async Task InitializeAsync()
        {
            await Database.InitializeAsync();
            using var events = new SampleEventStore(Database.DataSource);
            Ledger = new PostgresLedger(Database.DataSource, LedgerScenario.Options());
            foreach (var (step, i) in new[] { 300, 500, 237 }.Select((s, i) => (s, i)))
            {
                var result = await events.Writer.AppendAsync($"bulk-{i}", null,
                    [.. Enumerable.Range(0, step).Select(n => (object)new Counted(i, n))], EventMetadata.None);
                Positions.AddRange(result.Positions);
                await events.AdvanceHighWaterMarkAsync();
                await Ledger.SealPendingAsync();
            }
        }

        public Task DisposeAsync() => Database.DisposeAsync();
    }

    [Theory]
    [InlineData(0, 1037)]
    [InlineData(255, 1037)]
    [InlineData(256, 1037)]
    [InlineData(1036, 1037)]
    [InlineData(511, 512)]
    [InlineData(299, 300)]
    [InlineData(700, 800)]
    [InlineData(0, 1)]
    public async Task Given_a_sealed_tree_When_proving_inclusion_Then_the_proof_is_the_one_computed_from_every_leaf(int seq, int size)
    {
        var leaves = await LeavesAsync(size);

        var proof = (await ledger.GetInclusionProofAsync(positions[seq], size))!;

        Assert.Equal(MerkleTree.Root(leaves), proof.RootHash);
        Assert.Equal(MerkleTree.InclusionPath(leaves, seq), proof.Path);
        Assert.True(proof.Verify());
    }

    [Theory]
    [InlineData(1, 1037)]
    [InlineData(256, 1037)]
    [InlineData(300, 800)]
    [InlineData(255, 256)]
    [InlineData(800, 1037)]
    [InlineData(1037, 1037)]
    public async Task Given_a_sealed_tree_When_proving_consistency_Then_the_proof_is_the_one_computed_from_every_leaf(int first, int second)
    {
        var leaves = await LeavesAsync(second);

        var proof = await ledger.GetConsistencyProofAsync(first, second);

        Assert.Equal(MerkleTree.Root(leaves.GetRange(0, first)), proof.FirstRoot);
        Assert.Equal(MerkleTree.ConsistencyPath(leaves, first), proof.Path);
        Assert.True(proof.Verify());
    }

    [Fact]
    public async Task Given_a_ledger_sealed_before_subtrees_were_stored_When_an_upgraded_process_first_seals_Then_proofs_work_again()
    {
        await using (var truncate = database.DataSource.CreateCommand("TRUNCATE ledger.subtrees"))
        {
            await truncate.ExecuteNonQueryAsync();
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.GetInclusionProofAsync(positions[3], 1037));

        await new PostgresLedger(database.DataSource, LedgerScenario.Options()).SealPendingAsync();

        Assert.True((await ledger.GetInclusionProofAsync(positions[3], 1037))!.Verify());
    }

    [Fact]
    public async Task Given_a_size_beyond_the_sealed_tree_When_proving_consistency_Then_it_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.GetConsistencyProofAsync(1, 1038));
    }

    private async Task<List<byte[]>> LeavesAsync(int size)
    {
        await using var command = database.DataSource.CreateCommand("SELECT entry_hash FROM ledger.entries WHERE seq < $1 ORDER BY seq");
        command.Parameters.Add(new() { Value = (long)size });
        await using var reader = await command.ExecuteReaderAsync();
        var leaves = new List<byte[]>();
        while (await reader.ReadAsync())
        {
            leaves.Add(MerkleTree.LeafHash(reader.GetFieldValue<byte[]>(0)));
        }
        return leaves;
    }
}
