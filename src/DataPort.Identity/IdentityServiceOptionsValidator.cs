using System.Net.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Identity;

/// <summary>Fails start-up with messages that name the setting to fix.</summary>
internal sealed class IdentityServiceOptionsValidator(IHostEnvironment environment) : IValidateOptions<IdentityServiceOptions>
{
    public const int MinimumPasswordLength = 12;

    public ValidateOptionsResult Validate(string? name, IdentityServiceOptions options)
    {
        var failures = new List<string>();
        var relaxed = IsDevelopmentOrTesting(environment);

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            if (!relaxed)
            {
                failures.Add("The setting Identity:Issuer is missing: set it to the public base URL of the token service (e.g. https://dataport.example.org).");
            }
        }
        else if (!Uri.TryCreate(options.Issuer, UriKind.Absolute, out var issuer) || issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            failures.Add("The setting Identity:Issuer must be an absolute URL without query or fragment (RFC 8414 §2).");
        }

        if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            if (!relaxed)
            {
                failures.Add("The setting Identity:KeyEncryptionKey is missing: set it to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
            }
        }
        else if (!KeyEncryption.TryParseKey(options.KeyEncryptionKey, out _))
        {
            failures.Add("The setting Identity:KeyEncryptionKey must be the base64 of exactly 32 bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("The setting Identity:Audience must not be empty.");
        }
        if (options.AccessTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("The setting Identity:AccessTokenLifetime must be positive.");
        }
        var rotation = options.KeyRotation;
        if (rotation.PropagationTime <= TimeSpan.Zero || rotation.PropagationTime >= rotation.RotationInterval)
        {
            failures.Add("The setting Identity:KeyRotation:PropagationTime must be positive and shorter than Identity:KeyRotation:RotationInterval.");
        }
        if (rotation.RetentionDuration < options.AccessTokenLifetime + options.ClockSkew)
        {
            failures.Add("The setting Identity:KeyRotation:RetentionDuration must be at least Identity:AccessTokenLifetime plus Identity:ClockSkew, or tokens die with their key.");
        }
        if (options.Lockout.MaxFailedAttempts < 1 || options.Lockout.Duration <= TimeSpan.Zero)
        {
            failures.Add("The settings Identity:Lockout:MaxFailedAttempts and Identity:Lockout:Duration must be positive.");
        }
        if (options.TwoFactorRequiredRoles?.FirstOrDefault(role => !DataPortRoles.IsKnown(role)) is { } unknownRole)
        {
            failures.Add($"The setting Identity:TwoFactorRequiredRoles names '{unknownRole}'; roles are {string.Join(", ", DataPortRoles.All)}.");
        }
        if (options.RateLimit.PermitLimit < 1 || options.RateLimit.Window <= TimeSpan.Zero)
        {
            failures.Add("The settings Identity:RateLimit:PermitLimit and Identity:RateLimit:Window must be positive.");
        }

        var bootstrap = options.BootstrapOperator;
        if (bootstrap.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(bootstrap.Email) || !MailAddress.TryCreate(bootstrap.Email, out _))
            {
                failures.Add("The setting Identity:BootstrapOperator:Email must be a valid email address.");
            }
            if (string.IsNullOrEmpty(bootstrap.Password) || bootstrap.Password.Length < MinimumPasswordLength)
            {
                failures.Add($"The setting Identity:BootstrapOperator:Password must be at least {MinimumPasswordLength} characters.");
            }
            if (!Organisations.IsValidId(bootstrap.Organisation))
            {
                failures.Add("The setting Identity:BootstrapOperator:Organisation must be 2–64 lower-case letters, digits or hyphens.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsDevelopmentOrTesting(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");
}
