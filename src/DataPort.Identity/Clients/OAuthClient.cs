namespace DataPort.Identity.Clients;

/// <summary>A developer app of an organisation (an OAuth confidential client, RFC 6749 §2.1).</summary>
public sealed record OAuthClient(
    string ClientId,
    string OrganisationId,
    string Name,
    IReadOnlyList<string> AllowedScopes,
    IReadOnlyList<string> AllowedGrantTypes,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyList<ClientSecretInfo> Secrets);

/// <summary>What is known about a secret after it was shown once: never its value.</summary>
public sealed record ClientSecretInfo(Guid Id, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsLive(DateTimeOffset now) => ExpiresAt is not { } end || end > now;
}

/// <summary>A freshly made secret: <see cref="Value"/> is returned to the caller once and stored only as a hash.</summary>
public sealed record IssuedSecret(ClientSecretInfo Info, string Value);

public static class GrantTypes
{
    public const string ClientCredentials = "client_credentials";

    /// <summary>The grants this server implements; a client allowed none of them may still introspect and revoke.</summary>
    public static IReadOnlyList<string> Supported { get; } = [ClientCredentials];
}
