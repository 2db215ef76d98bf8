using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace DataPort.Identity.Keys;

/// <summary>Signing keys in <c>identity.signing_keys</c>, private halves encrypted with the key-encryption key.</summary>
public sealed class SigningKeyStore(NpgsqlDataSource dataSource, KeyEncryption encryption)
{
    // Serialises key creation across server processes, so two nodes starting together make one key, not two.
    private const long RotationLockKey = 0x44_50_4B_45_59; // "DPKEY"

    public async Task<IReadOnlyList<SigningKey>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, cancellationToken);
    }

    /// <summary>Under a cluster-wide lock, re-reads the keys and creates the one the schedule asks for, if still needed.</summary>
    public async Task<IReadOnlyList<SigningKey>> RotateAsync(DateTimeOffset now, KeyRotationOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({RotationLockKey})", connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var keys = await LoadAsync(connection, transaction, cancellationToken);
        if (KeyRotation.ActivationOfKeyToCreate(keys.Select(k => k.ActivatesAt).ToList(), now, options) is { } activation)
        {
            var key = SigningKey.Generate(now, activation);
            await InsertAsync(connection, transaction, key, cancellationToken);
            keys = [.. keys, key];
        }
        await transaction.CommitAsync(cancellationToken);
        return keys;
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SigningKey key, CancellationToken cancellationToken)
    {
        var privateKey = key.PrivateKey.ECDsa.ExportPkcs8PrivateKey();
        try
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO identity.signing_keys (kid, algorithm, public_x, public_y, private_key_encrypted, created_at, activates_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, connection, transaction);
            command.Parameters.Add(new() { Value = key.Kid });
            command.Parameters.Add(new() { Value = SigningKey.Algorithm });
            command.Parameters.Add(new() { Value = key.PublicJwk.X });
            command.Parameters.Add(new() { Value = key.PublicJwk.Y });
            command.Parameters.Add(new() { Value = encryption.Encrypt(privateKey, key.Kid) });
            command.Parameters.Add(new() { Value = key.CreatedAt });
            command.Parameters.Add(new() { Value = key.ActivatesAt });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private async Task<IReadOnlyList<SigningKey>> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT kid, private_key_encrypted, created_at, activates_at FROM identity.signing_keys ORDER BY activates_at",
            connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<SigningKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var kid = reader.GetString(0);
            keys.Add(new SigningKey(kid, reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                Unprotect(kid, reader.GetFieldValue<byte[]>(1))));
        }
        return keys;
    }

    private ECDsaSecurityKey Unprotect(string kid, byte[] protectedKey)
    {
        byte[] pkcs8;
        try
        {
            pkcs8 = encryption.Decrypt(protectedKey, kid);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"Signing key {kid} cannot be decrypted: Identity:KeyEncryptionKey differs from the key it was stored with. " +
                "Restore the original setting on every server.", e);
        }
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return new ECDsaSecurityKey(ecdsa) { KeyId = kid };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
