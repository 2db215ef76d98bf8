using DataPort.Domain.Common;
using DataPort.Domain.Grants;

namespace DataPort.Sandbox.Grants;

/// <summary>
/// One intended use of a grant by a caller. <see cref="DatasetId"/> is null for free SQL (which may read any granted
/// version); <see cref="Fields"/> is null when the use may touch every granted column (SQL, downloads).
/// </summary>
public sealed record SandboxUse(UseKind Kind, Caller Caller, string? DatasetId = null, int? Version = null, IReadOnlyList<string>? Fields = null)
{
    /// <summary>An aggregation asks for an exact <c>min</c> or <c>max</c>.</summary>
    public bool ExactExtremes { get; init; }

    /// <summary>The ε an aggregation spends if the grant's licence answers it with noise (aggregate-only).</summary>
    public double Epsilon { get; init; }

    public UseRequest Request => new(Kind, DatasetId, Version, Fields, ExactExtremes, Epsilon);

    /// <summary>How the query log names the kind of a use.</summary>
    internal static string LogName(UseKind kind) => kind switch
    {
        UseKind.SandboxQuery => "query",
        UseKind.Aggregate => "aggregation",
        _ => "download",
    };
}

/// <summary>The answer to "may this use go ahead?": allowed, or denied with a stable reason code and a sentence.</summary>
public sealed record SandboxDecision(bool Allowed, string? Reason = null, string? Message = null)
{
    /// <summary>The reason of a use refused only for now, because its grant already runs its most uses at once (429).</summary>
    public const string BusyReason = "too-many-at-once";

    public static SandboxDecision Allow { get; } = new(true);

    public static SandboxDecision Deny(string reason, string message) => new(false, reason, message);
}
