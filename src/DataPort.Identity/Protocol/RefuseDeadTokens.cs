using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// After OpenIddict has found an access token genuine and unexpired: it is refused at once, on every node, when its
/// token entry was revoked or its app is stopped (<see cref="LiveTokens"/>), and accepted again when the app resumes.
/// This is OpenIddict's token-entry validation and DataPort's app check in one round trip instead of two.
/// </summary>
public sealed class RefuseDeadTokens(LiveTokens tokens) : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
        .UseSingletonHandler<RefuseDeadTokens>()
        .SetOrder(OpenIddictValidationHandlers.ValidateAccessToken.Descriptor.Order + 1)
        .SetType(OpenIddictValidationHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        if (context.AccessTokenPrincipal is not { } principal)
        {
            return;
        }
        switch (await tokens.StateAsync(principal.GetTokenId(), principal.GetClaim(Claims.ClientId), context.CancellationToken))
        {
            case TokenState.Revoked:
                context.Reject(Errors.InvalidToken, "The access token was revoked.");
                break;
            case TokenState.AppStopped:
                context.Reject(Errors.InvalidToken, "The app is disabled, or the regulator has suspended its organisation's apps.");
                break;
        }
    }
}
