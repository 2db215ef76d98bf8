using DataPort.Privacy.Masking;
using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Pipeline;

/// <summary>How one input column is carried to the output.</summary>
internal sealed record ColumnPlan(int Index, ColumnDecision Decision, OperatorSpec Operator, IValueMasker? Masker, bool QuasiIdentifier)
{
    public bool Released => Operator.Kind != OperatorKind.Suppress;

    /// <summary>Copied as UTF-8 bytes without decoding: nothing to mask and not part of a class key.</summary>
    public bool PassThrough => Operator.Kind == OperatorKind.Keep && !QuasiIdentifier;

    public static ColumnPlan Create(int index, ColumnDecision decision, MaskingPolicy policy, byte[] secret, DateOnly today)
    {
        var spec = policy.OperatorOf(decision.Name, decision.Entity);
        var masker = spec.Kind == OperatorKind.Suppress ? null : Maskers.Create(spec, secret, today);
        return new ColumnPlan(index, decision, spec, masker, policy.IsQuasiIdentifier(decision.Name, decision.Entity));
    }

    /// <summary>
    /// Personal columns are trimmed before masking so stray spaces cannot change a pseudonym or shift a
    /// partial mask; other columns pass exactly as written. An empty value becomes null.
    /// </summary>
    public string? Apply(string raw)
    {
        var value = Decision.Entity is null ? raw : raw.Trim();
        return value.Length == 0 ? null : Masker!.Mask(value);
    }
}

internal sealed record ReportColumns
{
    public static List<ColumnReport> From(IEnumerable<ColumnPlan> plans) =>
    [
        .. plans.Select(p => new ColumnReport(
            p.Decision.Name, p.Decision.Entity, p.Decision.Confidence, p.Decision.Personal, p.Decision.Sensitive,
            p.Decision.Grade.ToId(), p.Operator.Describe(), p.QuasiIdentifier, p.Released)),
    ];
}
