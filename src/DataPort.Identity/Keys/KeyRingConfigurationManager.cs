using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DataPort.Identity.Keys;

/// <summary>
/// Feeds JwtBearer the issuer and keys straight from the key ring, in process: the API never fetches our own
/// discovery document over HTTP. JwtBearer calls <see cref="RequestRefresh"/> when a token's kid is unknown.
/// </summary>
internal sealed class KeyRingConfigurationManager(SigningKeyRing ring, IOptions<IdentityServiceOptions> options)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = IdentityServiceDefaults.Issuer(options.Value) };
        foreach (var key in await ring.GetPublishedKeysAsync(cancel))
        {
            configuration.SigningKeys.Add(key.PublicJwk);
        }
        return configuration;
    }

    public void RequestRefresh() => ring.RequestRefresh();
}
