using Npgsql;

namespace DataPort.EventStore.Ledger;

/// <summary>
/// The ledger's SM2 key pair: made once on first use, kept in <c>ledger.keys</c> with the private half
/// wrapped by <see cref="Sm4KeyWrap"/>. Only the sealer needs the private key; verifiers read public keys.
/// </summary>
public sealed class LedgerKeyStore(NpgsqlDataSource dataSource, LedgerOptions options)
{
    private (int Id, byte[] PrivateKey)? signingKey;

    /// <summary>The current signing key, creating it if the ledger has none. Call under the sealer lock.</summary>
    public async Task<(int Id, byte[] PrivateKey)> GetSigningKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (signingKey is { } cached)
        {
            return cached;
        }
        var wrappingKey = Sm4KeyWrap.DeriveKey(options.ResolveSecret());
        await using (var read = new NpgsqlCommand(
            "SELECT id, public_key, encrypted_private_key FROM ledger.keys ORDER BY id DESC LIMIT 1", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt32(0);
                var publicKey = reader.GetFieldValue<byte[]>(1);
                var privateKey = Sm4KeyWrap.Unwrap(wrappingKey, reader.GetFieldValue<byte[]>(2), publicKey);
                signingKey = (id, privateKey);
                return signingKey.Value;
            }
        }
        var (newPrivate, newPublic) = Sm2Signing.GenerateKeyPair();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO ledger.keys (public_key, encrypted_private_key, kek_fingerprint) VALUES ($1, $2, $3) RETURNING id
            """, connection);
        insert.Parameters.Add(new() { Value = newPublic });
        insert.Parameters.Add(new() { Value = Sm4KeyWrap.Wrap(wrappingKey, newPrivate, newPublic) });
        insert.Parameters.Add(new() { Value = Sm4KeyWrap.Fingerprint(wrappingKey) });
        var newId = (int)(await insert.ExecuteScalarAsync(cancellationToken))!;
        signingKey = (newId, newPrivate);
        return signingKey.Value;
    }

    public async Task<IReadOnlyList<LedgerPublicKey>> GetPublicKeysAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, public_key FROM ledger.keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<LedgerPublicKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new LedgerPublicKey(reader.GetInt32(0), reader.GetFieldValue<byte[]>(1)));
        }
        return keys;
    }
}
