using DataPort.Identity.Keys;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataPort.Identity.Protocol;

/// <summary>
/// OpenIddict 7.9 takes its signing keys once, at start-up; DataPort's keys rotate while servers run (created in the
/// database, published before they sign, retired after their tokens expire: <see cref="SigningKeyRing"/>). These
/// handlers follow or replace the built-in ones, so every token is signed, published and checked with the ring as it is now.
/// </summary>
public static class KeyRingSigning
{
    /// <summary>The key that signs a token being made: the ring's current one, in place of the one OpenIddict attached.</summary>
    public sealed class Sign(SigningKeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<Sign>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(GenerateTokenContext context)
        {
            var key = await ring.GetSigningKeyAsync(context.CancellationToken);
            context.SigningCredentials = new SigningCredentials(key.PrivateKey, SigningKey.Algorithm);
        }
    }

    /// <summary>The JWKS: the next key (not signing yet), the current one, and retired ones whose tokens may still be live.</summary>
    public sealed class Publish(SigningKeyRing ring) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
            .UseSingletonHandler<Publish>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachSigningKeys.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context) =>
            context.Keys.AddRange(await PublicKeysAsync(ring, context.CancellationToken));
    }

    /// <summary>The keys a token presented to introspection or revocation may be signed with: exactly the published ones.</summary>
    public sealed class Check(SigningKeyRing ring) : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<Check>()
            .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

        public async ValueTask HandleAsync(ValidateTokenContext context) =>
            context.TokenValidationParameters.IssuerSigningKeys = await PublicKeysAsync(ring, context.CancellationToken);
    }

    /// <summary>The published keys' public halves: what the JWKS shows, and what a token may be signed with.</summary>
    public static async Task<IReadOnlyList<JsonWebKey>> PublicKeysAsync(SigningKeyRing ring, CancellationToken cancellationToken) =>
        [.. (await ring.GetPublishedKeysAsync(cancellationToken)).Select(key => key.PublicJwk)];
}
