using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Runtime;

/// <summary>Bound from <c>Grains</c>; validated at start-up.</summary>
public sealed class GrainOptions
{
    public const string Section = "Grains";

    /// <summary>An activation unused this long is deactivated (its memory freed; the next call reloads it).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many activations per process; the least recently used go first.</summary>
    public int MaxActivations { get; set; } = 10_000;

    /// <summary>How often a command is re-decided after another process appended first, before giving up with 409.</summary>
    public int MaxConcurrencyRetries { get; set; } = 5;

    /// <summary>
    /// The platform's SM2 private key (64 hex digits) that signs registration certificates. Required outside
    /// Development and Testing, where a throw-away key is generated instead.
    /// </summary>
    public string? CertificateSigningKey { get; set; }
}

internal sealed class GrainOptionsValidator(IHostEnvironment environment) : IValidateOptions<GrainOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainOptions options)
    {
        var failures = new List<string>();
        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{GrainOptions.Section}:{nameof(GrainOptions.IdleTimeout)} must be positive.");
        }
        if (options.CollectionInterval <= TimeSpan.Zero)
        {
            failures.Add($"{GrainOptions.Section}:{nameof(GrainOptions.CollectionInterval)} must be positive.");
        }
        if (options.MaxActivations < 1)
        {
            failures.Add($"{GrainOptions.Section}:{nameof(GrainOptions.MaxActivations)} must be at least 1.");
        }
        if (options.MaxConcurrencyRetries is < 0 or > 100)
        {
            failures.Add($"{GrainOptions.Section}:{nameof(GrainOptions.MaxConcurrencyRetries)} must be between 0 and 100.");
        }
        if (string.IsNullOrWhiteSpace(options.CertificateSigningKey) && !AllowsThrowAwayKey(environment))
        {
            failures.Add($"{GrainOptions.Section}:{nameof(GrainOptions.CertificateSigningKey)} is required (the platform's SM2 private key, 64 hex digits).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool AllowsThrowAwayKey(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");
}
