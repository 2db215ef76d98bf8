using DataPort.Identity.Keys;
using OpenIddict.Validation;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace DataPort.Identity.Protocol;

/// <summary>The API's side of <see cref="KeyRingSigning"/>: an access token is accepted when one of the published keys signed it.</summary>
public sealed class KeyRingValidation(SigningKeyRing ring) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } = OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .UseSingletonHandler<KeyRingValidation>()
        .SetOrder(OpenIddictValidationHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
        .SetType(OpenIddictValidationHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context) =>
        context.TokenValidationParameters.IssuerSigningKeys = await KeyRingSigning.PublicKeysAsync(ring, context.CancellationToken);
}
