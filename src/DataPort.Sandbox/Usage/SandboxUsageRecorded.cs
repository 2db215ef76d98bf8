using System.Security.Cryptography;
using System.Text;

namespace DataPort.Sandbox.Usage;

/// <summary>
/// One use of a grant in the sandbox — a query, an aggregation or a download, whatever its outcome — as it
/// goes onto the ledger (stream <c>grant-usage-&lt;grant id&gt;</c>). Only the SHA-256 of the query text is
/// kept: enough to prove later which query ran, without publishing the developer's work.
/// </summary>
public sealed record SandboxUsageRecorded(
    string GrantId,
    string Kind,
    string? DatasetId,
    int? Version,
    string QueryHash,
    long Rows,
    bool Truncated,
    long DurationMs,
    string Outcome,
    string RecordedBy,
    DateTimeOffset RecordedAt)
{
    public string StreamId => "grant-usage-" + GrantId;

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
