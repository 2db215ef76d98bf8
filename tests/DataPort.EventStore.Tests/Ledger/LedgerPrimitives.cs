using System.Security.Cryptography;
using DataPort.EventStore.Ledger;

namespace DataPort.EventStore.Tests.Ledger;

public sealed class LedgerPrimitives
{
    [Fact]
    public void Given_json_with_unsorted_keys_and_whitespace_When_canonicalized_Then_one_spelling_remains()
    {
        Assert.Equal("""{"a":[1,2.50,{"x":null,"y":true}],"b":"line\nquote\"tab\t\u0001é"}""",
            CanonicalJson.Canonicalize("""{ "b" : "line\nquote\"tab\t\u0001\u00e9", "a": [1, 2.50, {"y": true, "x": null}] }"""));
    }

    [Fact]
    public void Given_an_sm2_key_pair_When_signing_Then_the_signature_verifies_only_for_the_same_message_and_key()
    {
        var (privateKey, publicKey) = Sm2Signing.GenerateKeyPair();
        var (_, otherPublic) = Sm2Signing.GenerateKeyPair();
        var signature = Sm2Signing.Sign(privateKey, "checkpoint"u8.ToArray());

        Assert.Equal(65, publicKey.Length);
        Assert.True(Sm2Signing.Verify(publicKey, "checkpoint"u8.ToArray(), signature));
        Assert.False(Sm2Signing.Verify(publicKey, "checkpoinT"u8.ToArray(), signature));
        Assert.False(Sm2Signing.Verify(otherPublic, "checkpoint"u8.ToArray(), signature));
        Assert.False(Sm2Signing.Verify(publicKey, "checkpoint"u8.ToArray(), [.. signature[..^1], (byte)(signature[^1] ^ 1)]));
    }

    [Fact]
    public void Given_a_wrapped_private_key_When_unwrapping_with_the_wrong_secret_Then_refused()
    {
        var (privateKey, publicKey) = Sm2Signing.GenerateKeyPair();
        var wrapped = Sm4KeyWrap.Wrap(Sm4KeyWrap.DeriveKey("right"), privateKey, publicKey);

        Assert.Equal(privateKey, Sm4KeyWrap.Unwrap(Sm4KeyWrap.DeriveKey("right"), wrapped, publicKey));
        Assert.Throws<CryptographicException>(() => Sm4KeyWrap.Unwrap(Sm4KeyWrap.DeriveKey("wrong"), wrapped, publicKey));
    }

    [Fact]
    public void Given_an_event_When_encoding_Then_every_field_changes_the_entry_hash()
    {
        var e = new RawEvent(7, "s-1", 2, "grant.issued", """{"b":1,"a":"x"}""", "c", null, "u-1", """{"ip":"1"}""",
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(10));
        var hash = LedgerEncoding.EntryHash(LedgerEncoding.GenesisHash, e);

        Assert.Equal(hash, LedgerEncoding.EntryHash(LedgerEncoding.GenesisHash, e with { Data = """{ "a": "x", "b": 1 }""" }));
        RawEvent[] changed =
        [
            e with { Position = 8 }, e with { StreamId = "s-2" }, e with { Version = 3 }, e with { Type = "grant.revoked" },
            e with { Data = """{"b":2,"a":"x"}""" }, e with { CorrelationId = null }, e with { CausationId = "" },
            e with { Actor = "u-2" }, e with { Headers = null }, e with { Timestamp = e.Timestamp.AddTicks(10) },
        ];
        foreach (var variant in changed)
        {
            Assert.NotEqual(hash, LedgerEncoding.EntryHash(LedgerEncoding.GenesisHash, variant));
        }
        Assert.NotEqual(hash, LedgerEncoding.EntryHash(new byte[32].Select(_ => (byte)1).ToArray(), e));
    }
}
