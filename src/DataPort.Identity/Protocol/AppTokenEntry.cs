using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// Records the token entry of an access token being made, which revocation marks and validation checks. In place of
/// OpenIddict's own handler, which links the entry to an OpenIddict application: DataPort's apps live in
/// <c>identity.clients</c>, so the entry names the app by its subject (an app token's <c>sub</c> is its client id).
/// </summary>
public sealed class AppTokenEntry(IOpenIddictTokenManager tokens) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenStorageEnabled>()
        .AddFilter<OpenIddictServerHandlerFilters.RequireTokenEntryCreated>()
        .UseScopedHandler<AppTokenEntry>()
        .SetOrder(OpenIddictServerHandlers.Protection.CreateTokenEntry.Descriptor.Order)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(GenerateTokenContext context)
    {
        var principal = context.Principal;
        var entry = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            AuthorizationId = principal.GetAuthorizationId(),
            CreationDate = principal.GetCreationDate(),
            ExpirationDate = principal.GetExpirationDate(),
            Principal = principal,
            Status = Statuses.Valid,
            Subject = principal.GetClaim(Claims.Subject),
            Type = context.TokenType,
        }, context.CancellationToken);
        principal.SetTokenId(await tokens.GetIdAsync(entry, context.CancellationToken));
    }
}
