using System.Collections.Concurrent;
using Npgsql;

namespace DataPort.Identity.Tokens;

/// <summary>
/// Revoked access tokens (RFC 7009), consulted on every authenticated API request. The database is the truth, so
/// a revocation on one server process is refused by all others at once; each process also remembers the jtis it
/// has seen revoked (a revoked token never becomes valid again, so that cache cannot go stale), while a "not
/// revoked" answer is never cached: caching it would delay revocation by the cache time. The lookup is one
/// primary-key probe, far cheaper than the request it guards.
/// </summary>
public sealed class RevocationList(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> knownRevoked = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the token is refused: revoked itself, or issued to an app that is disabled or whose organisation's apps
    /// are suspended (both can be undone, so they are looked up every time, in the same round trip as the revocation).
    /// </summary>
    public async ValueTask<TokenRefusal> RefusalAsync(string jti, string? clientId, CancellationToken cancellationToken)
    {
        if (knownRevoked.ContainsKey(jti))
        {
            return TokenRefusal.Revoked;
        }
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT expires_at FROM identity.revoked_tokens WHERE jti = $1),
                   EXISTS (SELECT 1 FROM identity.clients c JOIN identity.organisations o ON o.id = c.organisation_id
                           WHERE c.client_id = $2 AND (o.apps_suspended_at IS NOT NULL OR NOT c.enabled))
            """);
        command.Parameters.Add(new() { Value = jti });
        command.Parameters.Add(new() { Value = (object?)clientId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.IsDBNull(0))
        {
            Remember(jti, new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero));
            return TokenRefusal.Revoked;
        }
        return reader.GetBoolean(1) ? TokenRefusal.AppStopped : TokenRefusal.None;
    }

    /// <summary>Records the revocation (idempotent) and drops entries of tokens that have expired anyway.</summary>
    public async Task RevokeAsync(string jti, string clientId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO identity.revoked_tokens (jti, client_id, expires_at, revoked_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (jti) DO NOTHING
            """);
        insert.Parameters.Add(new() { Value = jti });
        insert.Parameters.Add(new() { Value = clientId });
        insert.Parameters.Add(new() { Value = expiresAt });
        insert.Parameters.Add(new() { Value = now });
        var purge = new NpgsqlBatchCommand("DELETE FROM identity.revoked_tokens WHERE expires_at < $1");
        // A day of margin covers any clock skew between servers.
        purge.Parameters.Add(new() { Value = now - TimeSpan.FromDays(1) });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(purge);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        Remember(jti, expiresAt);
    }

    private void Remember(string jti, DateTimeOffset expiresAt)
    {
        knownRevoked[jti] = expiresAt;
        if (knownRevoked.Count > SweepThreshold)
        {
            var now = clock.GetUtcNow();
            foreach (var (key, expiry) in knownRevoked)
            {
                if (expiry < now - TimeSpan.FromDays(1))
                {
                    knownRevoked.TryRemove(key, out _);
                }
            }
        }
    }
}

public enum TokenRefusal
{
    None,
    Revoked,
    /// <summary>The app was disabled by its organisation, or a regulator suspended the organisation's apps.</summary>
    AppStopped,
}
