using Npgsql;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataPort.Identity.Protocol;

/// <summary>
/// Whether a genuine, unexpired access token may still be used: its token entry is valid (not revoked, on any node)
/// and its app is running — not disabled or deleted by its organisation, its organisation's apps not suspended by a
/// regulator. One round trip answers both (two primary-key probes). Nothing is cached: every node reads what was
/// committed, so a revocation or a suspension holds everywhere from the moment it is answered.
/// </summary>
public sealed class LiveTokens(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<TokenState> StateAsync(string? tokenId, string? clientId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            return TokenState.Revoked;
        }
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT t."Status" = $3 AND (t."ExpirationDate" IS NULL OR t."ExpirationDate" > $4)
                    FROM openiddict."OpenIddictTokens" t WHERE t."Id" = $1),
                   EXISTS (SELECT 1 FROM identity.clients c JOIN identity.organisations o ON o.id = c.organisation_id
                           WHERE c.client_id = $2 AND c.enabled AND o.apps_suspended_at IS NULL)
            """);
        command.Parameters.Add(new() { Value = tokenId });
        command.Parameters.Add(new() { Value = (object?)clientId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = Statuses.Valid });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0) || !reader.GetBoolean(0))
        {
            return TokenState.Revoked;
        }
        return reader.GetBoolean(1) ? TokenState.Live : TokenState.AppStopped;
    }
}

public enum TokenState
{
    Live,
    /// <summary>Revoked, or its entry is gone (pruned after expiry, or never made by this server).</summary>
    Revoked,
    /// <summary>The app was disabled or deleted by its organisation, or a regulator suspended the organisation's apps.</summary>
    AppStopped,
}
