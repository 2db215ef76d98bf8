namespace DataPort.Identity;

/// <summary>The token service's settings, bound once from the <c>Identity</c> section and validated at start-up.</summary>
public sealed class IdentityServiceOptions
{
    public const string Section = "Identity";

    /// <summary>The <c>iss</c> of every token and the base of the discovery document. Required outside Development/Testing.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> of every access token: the one protected resource, DataPort's API.</summary>
    public string Audience { get; set; } = "dataport-api";

    /// <summary>RFC 9068 access-token lifetime; short, because a JWT cannot be recalled from every cache.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Tolerance for clocks of other machines when checking nbf/exp.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Base64 of 32 random bytes: the AES-256-GCM key that encrypts signing keys and data-protection keys at rest.
    /// Required outside Development/Testing (there a fixed development key is used).
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    public KeyRotationOptions KeyRotation { get; set; } = new();

    public LockoutOptions Lockout { get; set; } = new();

    /// <summary>
    /// Roles whose people must sign in with a second factor (an authenticator app's code). Unset: operator and regulator
    /// in Production, none elsewhere (see <see cref="Users.TwoFactorPolicy"/>).
    /// </summary>
    public string[]? TwoFactorRequiredRoles { get; set; }

    public RateLimitOptions RateLimit { get; set; } = new();

    public BootstrapOperatorOptions BootstrapOperator { get; set; } = new();
}

/// <summary>IdentityServer's automatic key management defaults: rotate every 90 days, announce 14 days ahead, keep 14 days.</summary>
public sealed class KeyRotationOptions
{
    public TimeSpan RotationInterval { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long the next key is published in the JWKS before it starts signing, so caches of other resource servers pick it up.</summary>
    public TimeSpan PropagationTime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a retired key stays in the JWKS; must outlive the tokens it signed.</summary>
    public TimeSpan RetentionDuration { get; set; } = TimeSpan.FromDays(14);
}

public sealed class LockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Per-client request budget (fixed window), partitioned by <c>client_id</c> for apps and <c>sub</c> for users.</summary>
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; } = 1200;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The first operator account, created at start-up when both values are set (never overwritten later).</summary>
public sealed class BootstrapOperatorOptions
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string Organisation { get; set; } = "dataport-operations";

    public bool IsConfigured => !string.IsNullOrEmpty(Email) || !string.IsNullOrEmpty(Password);
}
