using System.Buffers;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// <see cref="Apply(string)"/> on UTF-8: appends the masked value to <paramref name="output"/>, or returns false for
    /// null (an empty value, or a mask that leaves nothing, which the string form also writes as null).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Apply(ReadOnlySpan<byte> raw, ArrayBufferWriter<byte> output)
    {
        var value = Decision.Entity is null ? raw : Utf8Masking.Trim(raw);
        if (value.IsEmpty)
        {
            return false;
        }
        var before = output.WrittenCount;
        Utf8Masking.Mask(Masker!, value, output);
        return output.WrittenCount > before;
    }
}

internal sealed record ReportColumns
{
    /// <summary>Each column as the report shows it; a quasi-identifier the search placed is described by its level.</summary>
    public static List<ColumnReport> From(IEnumerable<ColumnPlan> plans, ReleasePlan? release) =>
    [
        .. plans.Select(p => new ColumnReport(
            p.Decision.Name, p.Decision.Entity, p.Decision.Confidence, p.Decision.Personal, p.Decision.Sensitive,
            p.Decision.Grade.ToId(), Describe(p, release), p.QuasiIdentifier, p.Released)),
    ];

    private static string Describe(ColumnPlan plan, ReleasePlan? release)
    {
        var slot = release is null ? -1 : Array.FindIndex(release.Quasi, q => q.Plan == plan);
        if (slot < 0 || release!.Quasi[slot].Hierarchy is null)
        {
            return plan.Operator.Describe();
        }
        return release.Chosen is { } chosen ? $"generalise({release.Lattice[slot].Levels[chosen.Outcome.Levels[slot]]})" : "generalise(none reaches k)";
    }
}
