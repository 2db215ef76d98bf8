using DataPort.Domain.Common;

namespace DataPort.Sandbox.Grants;

public enum SandboxUseKind
{
    Query,
    Aggregation,
    Download,
}

/// <summary>
/// One intended use of a grant by a caller. <see cref="DatasetId"/> is null for free SQL (which may read any granted
/// version); <see cref="Fields"/> is null when the use may touch every granted column (SQL, downloads).
/// </summary>
public sealed record SandboxUse(
    SandboxUseKind Kind, Caller Caller, string? DatasetId = null, int? Version = null, IReadOnlyList<string>? Fields = null);

/// <summary>The answer to "may this use go ahead?": allowed, or denied with a stable reason code and a sentence.</summary>
public sealed record SandboxDecision(bool Allowed, string? Reason = null, string? Message = null)
{
    public static SandboxDecision Allow { get; } = new(true);

    public static SandboxDecision Deny(string reason, string message) => new(false, reason, message);
}
