using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Masking;

public static class Maskers
{
    /// <summary>The masker for an operator; suppress has none because the column is dropped instead.</summary>
    public static IValueMasker Create(OperatorSpec spec, byte[] secret, DateOnly today) => spec.Kind switch
    {
        OperatorKind.Keep => KeepMasker.Instance,
        OperatorKind.Redact => new RedactMasker(spec.Replacement),
        OperatorKind.Partial => new PartialMasker(spec.KeepFirst, spec.KeepLast, spec.MaskChar),
        OperatorKind.Pseudonym => new PseudonymMasker(secret, spec.Length),
        OperatorKind.Generalise => new GeneraliseMasker(spec.To ?? GeneraliseTo.Year, spec.Band, spec.Decimals, today),
        OperatorKind.ReplaceSpans => new SpanMasker(),
        _ => throw new ArgumentException("a suppressed column has no masker", nameof(spec)),
    };
}
