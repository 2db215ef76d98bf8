using System.Runtime.CompilerServices;
using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Bench;

/// <summary>
/// A correct ledger of a given number of grant events built in memory (hash chain, Merkle roots,
/// an SM2-signed checkpoint every 10,000 entries), so verification speed is measured without the database.
/// </summary>
public sealed class SyntheticLedger : ILedgerSource
{
    private readonly List<LedgerRecord> records;
    private readonly List<Checkpoint> checkpoints;
    private readonly LedgerPublicKey key;

    public SyntheticLedger(int count) => records = Build(count, out checkpoints, out key);

    public Task<LedgerHeader> ReadHeaderAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new LedgerHeader([key], checkpoints));

    public async IAsyncEnumerable<LedgerRecord> ReadRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            yield return record;
        }
        await Task.CompletedTask;
    }

    private static List<LedgerRecord> Build(int count, out List<Checkpoint> checkpoints, out LedgerPublicKey key)
    {
        var (privateKey, publicKey) = Sm2Signing.GenerateKeyPair();
        key = new LedgerPublicKey(1, publicKey);
        checkpoints = [];
        var records = new List<LedgerRecord>(count);
        var frontier = new MerkleFrontier();
        var previous = LedgerEncoding.GenesisHash;
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var e = new RawEvent(
                i + 1, $"grant-{i % 5000}", i / 5000 + 1, "grant.issued",
                $$"""{"grantId": "grant-{{i % 5000}}", "issuedAt": "2026-11-01T08:00:00+00:00", "issuedBy": "u-{{i % 97}}", "scopes": ["sandbox.query", "download"], "quota": {{1000 + i % 10}}}""",
                $"corr-{i}", null, $"u-{i % 97}", null, start.AddTicks(i * 10L));
            previous = LedgerEncoding.EntryHash(previous, e);
            records.Add(new LedgerRecord(i, previous, e.Position, e));
            frontier.Append(MerkleTree.LeafHash(previous));
            if ((i + 1) % 10_000 == 0 || i + 1 == count)
            {
                var root = frontier.Root();
                var at = start.AddSeconds(i);
                checkpoints.Add(new Checkpoint(i + 1, root, at, 1, Sm2Signing.Sign(privateKey, Checkpoint.SignedBytes(i + 1, root, at, 1))));
            }
        }
        return records;
    }
}
