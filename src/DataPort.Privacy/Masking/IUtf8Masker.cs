using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataPort.Privacy.Masking;

/// <summary>
/// A masker that reads and writes UTF-8, so the pipeline makes no string per field. The bytes written must be
/// exactly the UTF-8 of what <see cref="IValueMasker.Mask"/> returns for the same value: the string form
/// stays the definition, this is only a faster road to the same output (pinned by the golden-output tests).
/// </summary>
internal interface IUtf8Masker
{
    /// <param name="value">A non-empty, valid UTF-8 value (trimmed when its column is personal).</param>
    void Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output);
}

internal static class Utf8Masking
{
    /// <summary>Masks through whichever road the masker offers; the string road for those without a UTF-8 one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mask(IValueMasker masker, ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output)
    {
        if (masker is IUtf8Masker utf8)
        {
            utf8.Mask(value, output);
            return;
        }
        Write(masker.Mask(Encoding.UTF8.GetString(value)), output);
    }

    public static void Write(ReadOnlySpan<char> text, ArrayBufferWriter<byte> output)
    {
        var written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }

    /// <summary>Exactly what <see cref="string.Trim()"/> removes (char.IsWhiteSpace at both ends), on UTF-8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            var first = value[0];
            if (first < 0x80)
            {
                if (!char.IsWhiteSpace((char)first))
                {
                    break;
                }
                value = value[1..];
                continue;
            }
            if (Rune.DecodeFromUtf8(value, out var rune, out var length) != OperationStatus.Done || !IsWhiteSpace(rune))
            {
                break;
            }
            value = value[length..];
        }
        while (!value.IsEmpty)
        {
            var last = value[^1];
            if (last < 0x80)
            {
                if (!char.IsWhiteSpace((char)last))
                {
                    break;
                }
                value = value[..^1];
                continue;
            }
            if (Rune.DecodeLastFromUtf8(value, out var rune, out var length) != OperationStatus.Done || !IsWhiteSpace(rune))
            {
                break;
            }
            value = value[..^length];
        }
        return value;
    }

    // Trim works on UTF-16 units: a supplementary character is two surrogates, neither of them white space.
    private static bool IsWhiteSpace(Rune rune) => rune.IsBmp && char.IsWhiteSpace((char)rune.Value);
}
