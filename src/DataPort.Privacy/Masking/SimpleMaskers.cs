using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataPort.Privacy.Masking;

public sealed class KeepMasker : IValueMasker, IUtf8Masker
{
    public static KeepMasker Instance { get; } = new();

    public string Mask(string value) => value;

    void IUtf8Masker.Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output) => output.Write(value);
}

public sealed class RedactMasker(string replacement) : IValueMasker, IUtf8Masker
{
    private readonly byte[] _replacement = Encoding.UTF8.GetBytes(replacement);

    public string Mask(string value) => value.Length == 0 ? value : replacement;

    void IUtf8Masker.Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output) => output.Write(_replacement);
}

/// <summary>
/// Keeps the first and last characters and masks the middle (138****5678; an id keeps its six-digit region).
/// A value no longer than what would be kept is masked whole, so short values never pass through.
/// </summary>
public sealed class PartialMasker(int keepFirst, int keepLast, char maskChar) : IValueMasker, IUtf8Masker
{
    // Counting in UTF-16 units like the string form; a mask character that is half a surrogate pair takes the string road.
    private readonly byte[]? _maskUtf8 = char.IsSurrogate(maskChar) ? null : Encoding.UTF8.GetBytes(maskChar.ToString());

    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        if (value.Length <= keepFirst + keepLast)
        {
            return new string(maskChar, value.Length);
        }
        return string.Create(value.Length, value, (destination, source) =>
        {
            source.AsSpan().CopyTo(destination);
            destination[keepFirst..^keepLast].Fill(maskChar);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IUtf8Masker.Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output)
    {
        // Without 4-byte sequences every character is one UTF-16 unit and starts with a non-continuation byte,
        // so character positions can be counted on the bytes. Supplementary characters take the string road.
        if (_maskUtf8 is null || value.IndexOfAnyInRange((byte)0xF0, (byte)0xFF) >= 0)
        {
            Utf8Masking.Write(Mask(Encoding.UTF8.GetString(value)), output);
            return;
        }
        var length = value.Length - CountContinuationBytes(value);
        if (length <= keepFirst + keepLast)
        {
            Fill(length, output);
            return;
        }
        var prefix = ByteOffsetOfChar(value, keepFirst);
        var suffix = ByteOffsetOfChar(value, length - keepLast);
        output.Write(value[..prefix]);
        Fill(length - keepFirst - keepLast, output);
        output.Write(value[suffix..]);
    }

    private void Fill(int count, ArrayBufferWriter<byte> output)
    {
        var mask = _maskUtf8!;
        var span = output.GetSpan(count * mask.Length)[..(count * mask.Length)];
        if (mask.Length == 1)
        {
            span.Fill(mask[0]);
        }
        else
        {
            for (var i = 0; i < span.Length; i += mask.Length)
            {
                mask.CopyTo(span[i..]);
            }
        }
        output.Advance(span.Length);
    }

    private static int CountContinuationBytes(ReadOnlySpan<byte> value)
    {
        var count = 0;
        foreach (var b in value)
        {
            if ((b & 0xC0) == 0x80)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Byte offset at which the character with the given index starts (the length when past the end).</summary>
    private static int ByteOffsetOfChar(ReadOnlySpan<byte> value, int index)
    {
        var seen = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if ((value[i] & 0xC0) != 0x80)
            {
                if (seen == index)
                {
                    return i;
                }
                seen++;
            }
        }
        return value.Length;
    }
}
