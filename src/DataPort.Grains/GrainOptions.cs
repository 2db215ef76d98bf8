using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Grains;

/// <summary>Bound from <c>Grains</c>; validated at start-up.</summary>
public sealed class GrainOptions
{
    public const string Section = "Grains";

    /// <summary>An activation unused this long is deactivated (its memory freed; the next call reloads it from its stream).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a command is re-decided after another writer appended first, before giving up with 409.</summary>
    public int MaxConcurrencyRetries { get; set; } = 5;

    /// <summary>
    /// The platform's SM2 private key (64 hex digits) that signs registration certificates. Required outside
    /// Development and Testing, where a throw-away key is generated instead.
    /// </summary>
    public string? CertificateSigningKey { get; set; }
}

/// <summary>
/// Bound from <c>Cluster</c>: how this process's silo joins the others. Silos find each other in the membership
/// table, which holds each one's advertised address and ports, so a port of 0 (the default) takes any free one;
/// fix them where a firewall between machines needs to know.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Cluster";

    /// <summary>The cluster's name in the membership table: processes on one database with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "dataport";

    /// <summary>The address other silos reach this one on.</summary>
    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>Silo-to-silo traffic; 0 takes a free port.</summary>
    public int SiloPort { get; set; }

    /// <summary>Where Orleans clients connect; 0 takes a free port.</summary>
    public int GatewayPort { get; set; }
}

internal sealed class GrainOptionsValidator(IHostEnvironment environment) : IValidateOptions<GrainOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainOptions options)
    {
        var failures = new List<string>();
        if (options.IdleTimeout <= TimeSpan.FromMinutes(1))
        {
            failures.Add($"{GrainOptions.Section}:{nameof(GrainOptions.IdleTimeout)} must be more than a minute (Orleans' collection quantum).");
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
