using DataPort.Privacy.Text;

namespace DataPort.Privacy.Masking;

/// <summary>Free text keeps its words; only the identifiers inside it become tags such as [cn_mobile].</summary>
public sealed class SpanMasker : IValueMasker
{
    public static SpanMasker Instance { get; } = new();

    public string Mask(string value) => value.Length == 0 ? value : PiiSpanScanner.Redact(value, PiiSpanScanner.Scan(value));
}
