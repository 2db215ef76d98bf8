using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using DataPort.Privacy.Text;

namespace DataPort.Privacy.Masking;

/// <summary>
/// Free text keeps its words; only the identifiers inside it become tags such as [cn_mobile].
/// One instance per column and pass: it reuses its buffers, so it is not shared between threads.
/// </summary>
public sealed class SpanMasker : IValueMasker, IUtf8Masker
{
    private readonly List<PiiSpan> _spans = [];
    private readonly StringBuilder _builder = new();
    private char[] _text = new char[256];
    private char[] _redacted = new char[256];

    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        PiiSpanScanner.Scan(value, _spans);
        return PiiSpanScanner.Redact(value, _spans, _builder);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IUtf8Masker.Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output)
    {
        if (_text.Length < value.Length)
        {
            _text = new char[Math.Max(value.Length, _text.Length * 2)];
        }
        ReadOnlySpan<char> text = _text.AsSpan(0, Encoding.UTF8.GetChars(value, _text));
        PiiSpanScanner.Scan(text, _spans);
        if (_spans.Count == 0)
        {
            // Valid UTF-8 decodes and encodes back to the same bytes.
            output.Write(value);
            return;
        }
        var length = PiiSpanScanner.Redact(text, _spans, ref _redacted);
        Utf8Masking.Write(_redacted.AsSpan(0, length), output);
    }
}
