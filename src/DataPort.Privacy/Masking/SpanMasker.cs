using System.Text;
using DataPort.Privacy.Text;

namespace DataPort.Privacy.Masking;

/// <summary>
/// Free text keeps its words; only the identifiers inside it become tags such as [cn_mobile].
/// One instance per column and pass: it reuses its buffers, so it is not shared between threads.
/// </summary>
public sealed class SpanMasker : IValueMasker
{
    private readonly List<PiiSpan> _spans = [];
    private readonly StringBuilder _builder = new();

    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        PiiSpanScanner.Scan(value, _spans);
        return PiiSpanScanner.Redact(value, _spans, _builder);
    }
}
