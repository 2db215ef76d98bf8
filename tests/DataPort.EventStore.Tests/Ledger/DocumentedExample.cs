using System.Text;
using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Tests.Ledger;

/// <summary>The worked example of docs/ledger-format.md §6 holds for the server's own encoding, chaining and tree.</summary>
public sealed class DocumentedExample
{
    private static readonly RawEvent Published = new(
        Position: 1, StreamId: "dataset-bus-stops", Version: 7, Type: "dataset.published",
        Data: """{"publishedBy":"catalog-publish","datasetId":"bus-stops","publishedAt":"2026-12-04T03:00:00+00:00"}""",
        CorrelationId: null, CausationId: null, Actor: "catalog-publish", Headers: null,
        Timestamp: LedgerEncoding.FromUnixMicroseconds(1796353200123456));

    [Fact]
    public void The_documented_bytes_hashes_and_signed_text_are_the_servers()
    {
        var encoded = Convert.ToHexStringLower(LedgerEncoding.Encode(Published));
        var entryHash = LedgerEncoding.EntryHash(LedgerEncoding.GenesisHash, Published);
        var leaf = MerkleTree.LeafHash(entryHash);
        var signed = Checkpoint.SignedBytes(1, leaf, LedgerEncoding.FromUnixMicroseconds(1796353205000000), keyId: 1);

        Assert.StartsWith("44504c310000000000000001", encoded, StringComparison.Ordinal);
        Assert.EndsWith("ffffffff000661c612626e40", encoded, StringComparison.Ordinal);
        Assert.Equal("2bd07f7d0431a0e73bd6718baaebabf359108dd44440b5e5ee5042b67af7390a", Convert.ToHexStringLower(entryHash));
        Assert.Equal("d02192c9555312ca5889f70175baf4f08fa8ef7ba4980826b5b5314a4788ece1", Convert.ToHexStringLower(leaf));
        Assert.Equal("dataport-ledger-checkpoint/1\n1\nd02192c9555312ca5889f70175baf4f08fa8ef7ba4980826b5b5314a4788ece1\n1796353205000000\n1\n",
            Encoding.UTF8.GetString(signed));
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Convert.ToHexStringLower(Sm3.Hash("abc"u8)));
    }
}
