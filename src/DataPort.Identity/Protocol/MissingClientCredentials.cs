using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// Every DataPort app is a confidential client, so a token request without client credentials is RFC 6749 §5.2's
/// <c>invalid_client</c> ("no client authentication included", 401), where OpenIddict would answer a missing parameter.
/// </summary>
public sealed class MissingClientCredentials : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
        .UseSingletonHandler<MissingClientCredentials>()
        .SetOrder(OpenIddictServerHandlers.Exchange.ValidateClientIdParameter.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (string.IsNullOrEmpty(context.ClientId) || string.IsNullOrEmpty(context.Request.ClientSecret))
        {
            context.Reject(Errors.InvalidClient, "Client authentication failed.");
        }
        return ValueTask.CompletedTask;
    }
}
