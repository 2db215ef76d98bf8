using DataPort.Identity.Clients;
using Microsoft.Extensions.Logging;

namespace DataPort.Identity.Tokens;

/// <summary>
/// RFC 7009 revocation. A client may revoke only tokens issued to itself (§2.1); for anything else — another
/// client's token, a malformed or expired one — the answer is the same 200 (§2.2), as IdentityServer does.
/// </summary>
public sealed partial class TokenRevocation(AccessTokenReader reader, RevocationList revocations, TimeProvider clock, ILogger<TokenRevocation> logger)
{
    public async Task RevokeAsync(OAuthClient caller, string token, CancellationToken cancellationToken)
    {
        var jwt = await reader.ReadAsync(token, requireActive: false, cancellationToken);
        if (jwt is null)
        {
            return;
        }
        if (!jwt.TryGetPayloadValue<string>(DataPortClaims.ClientId, out var owner) || owner != caller.ClientId)
        {
            LogRefused(logger, caller.ClientId, jwt.Id);
            return;
        }
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expires <= clock.GetUtcNow())
        {
            return;
        }
        await revocations.RevokeAsync(jwt.Id, caller.ClientId, expires, cancellationToken);
        LogRevoked(logger, jwt.Id, caller.ClientId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revoked access token {Jti} of client {ClientId}")]
    private static partial void LogRevoked(ILogger logger, string jti, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientId} asked to revoke token {Jti}, which was issued to another client; ignored")]
    private static partial void LogRefused(ILogger logger, string clientId, string jti);
}
