using System.Security.Claims;

namespace DataPort.Identity.Clients;

public sealed record NewClient(string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string>? GrantTypes);

/// <summary>Creating clients and their secrets; a secret's value exists only in the returned <see cref="IssuedSecret"/>.</summary>
public sealed class ClientManagement(ClientStore store, TimeProvider clock)
{
    public async Task<(OAuthClient Client, IssuedSecret Secret)> CreateAsync(
        string organisationId, NewClient request, string createdBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            throw new IdentityValidationException("name", "A name of 1–200 characters is required.");
        }
        var unknownScopes = request.Scopes.Where(scope => !DataPortScopes.IsKnown(scope)).ToList();
        if (unknownScopes.Count > 0)
        {
            throw new IdentityValidationException("scopes",
                $"Unknown scopes: {string.Join(", ", unknownScopes)}. Known: {string.Join(", ", DataPortScopes.All)}.");
        }
        var grantTypes = request.GrantTypes ?? [GrantTypes.ClientCredentials];
        if (grantTypes.Any(grant => !GrantTypes.Supported.Contains(grant, StringComparer.Ordinal)))
        {
            throw new IdentityValidationException("grantTypes", $"Supported grant types: {string.Join(", ", GrantTypes.Supported)}.");
        }
        var now = clock.GetUtcNow();
        var (info, value, hash) = NewSecret("Initial secret", null, now);
        var client = new OAuthClient(
            ClientSecrets.NewClientId(), organisationId, request.Name.Trim(),
            request.Scopes.Distinct(StringComparer.Ordinal).ToList(), grantTypes.Distinct(StringComparer.Ordinal).ToList(),
            Enabled: true, now, createdBy, [info]);
        await store.CreateAsync(client, info, hash, cancellationToken);
        return (client, new IssuedSecret(info, value));
    }

    /// <summary>A further live secret, so an app can switch over before the old one is expired.</summary>
    public async Task<IssuedSecret?> AddSecretAsync(
        string organisationId, string clientId, string? description, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (expiresAt is { } end && end <= now)
        {
            throw new IdentityValidationException("expiresAt", "A new secret must expire in the future.");
        }
        var (info, value, hash) = NewSecret(description, expiresAt?.ToUniversalTime(), now);
        return await store.AddSecretAsync(organisationId, clientId, info, hash, cancellationToken)
            ? new IssuedSecret(info, value)
            : null;
    }

    /// <summary>
    /// The scopes this caller may give a client. A person may give what their roles use; an app with
    /// <c>merchant.manage</c> may give only scopes it holds itself, so no client can mint a stronger one.
    /// </summary>
    public static IReadOnlySet<string> GrantableScopes(ClaimsPrincipal caller)
    {
        if (caller.IsApp())
        {
            return caller.Scopes();
        }
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in caller.Roles())
        {
            scopes.UnionWith(role switch
            {
                DataPortRoles.Operator => DataPortScopes.All,
                DataPortRoles.Merchant => [DataPortScopes.CatalogRead, DataPortScopes.MerchantManage],
                DataPortRoles.Developer => [DataPortScopes.CatalogRead, DataPortScopes.SandboxQuery, DataPortScopes.DataDownload],
                DataPortRoles.Regulator => [DataPortScopes.CatalogRead, DataPortScopes.AuditRead],
                _ => [],
            });
        }
        return scopes;
    }

    private static (ClientSecretInfo Info, string Value, byte[] Hash) NewSecret(string? description, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        var value = ClientSecrets.Generate();
        return (new ClientSecretInfo(Guid.CreateVersion7(), description, now, expiresAt), value, ClientSecrets.Hash(value));
    }
}
