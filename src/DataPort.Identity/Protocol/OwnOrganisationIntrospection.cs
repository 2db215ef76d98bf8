using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// RFC 7662 for DataPort: any app may introspect the tokens of its own organisation's apps (OpenIddict's default is the
/// token's own client only), and for any other token, as for one the API would refuse, the answer is just
/// <c>{"active": false}</c> (§2.2). An active answer also names the organisation (<c>org</c>) and the token's scopes
/// (OpenIddict lists them only for a caller the token was issued for).
/// </summary>
public static class OwnOrganisationIntrospection
{
    public sealed class Authorise(LiveTokens tokens) : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateIntrospectionRequestContext>()
            .UseSingletonHandler<Authorise>()
            .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            var caller = ClientAuthentication.ClientOf(context.Transaction);
            var token = context.GenericTokenPrincipal;
            // invalid_token is what OpenIddict turns into {"active": false}.
            // Active exactly when the API would accept the token.
            if (token?.GetClaim(DataPortClaims.Organisation) != caller.OrganisationId
                || await tokens.StateAsync(token.GetTokenId(), token.GetClaim(Claims.ClientId), context.CancellationToken) != TokenState.Live)
            {
                context.Reject(Errors.InvalidToken, "The token is not active.");
            }
        }
    }

    public sealed class NameOrganisation : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<NameOrganisation>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
        {
            if (context.GenericTokenPrincipal is not { } token)
            {
                return ValueTask.CompletedTask;
            }
            if (token.GetClaim(DataPortClaims.Organisation) is { } organisation)
            {
                context.Claims[DataPortClaims.Organisation] = organisation;
            }
            context.Scopes.UnionWith(token.GetScopes());
            return ValueTask.CompletedTask;
        }
    }
}
