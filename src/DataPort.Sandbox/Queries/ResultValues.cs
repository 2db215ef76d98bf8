using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Npgsql;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Reads result values so that every value PostgreSQL can return gets written, and weighs them for the byte cap.
/// A <c>numeric</c> that .NET's <see cref="decimal"/> cannot hold (beyond about ±7.9e28 or 28 significant digits,
/// <c>NaN</c>, <c>±Infinity</c>) is read from PostgreSQL's own binary form and comes back as exact text — written as a
/// JSON string ("NaN", "Infinity", "-Infinity", or every digit), never rounded and never cut short.
/// </summary>
public static class ResultValues
{
    public static object? Read(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        try
        {
            return reader.GetValue(ordinal);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException && reader.GetDataTypeName(ordinal) == "numeric")
        {
            using var raw = reader.GetStream(ordinal);
            using var bytes = new MemoryStream();
            raw.CopyTo(bytes);
            return NumericText(bytes.ToArray());
        }
    }

    /// <summary>
    /// PostgreSQL's binary <c>numeric</c> as exact decimal text: int16 digit count, int16 weight (of the first digit,
    /// in powers of 10000), uint16 sign (0x0000, 0x4000 negative, 0xC000 NaN, 0xD000 Infinity, 0xF000 -Infinity),
    /// uint16 display scale, then the base-10000 digits.
    /// </summary>
    public static string NumericText(byte[] binary)
    {
        var count = BinaryPrimitives.ReadInt16BigEndian(binary);
        var weight = BinaryPrimitives.ReadInt16BigEndian(binary.AsSpan(2));
        var sign = BinaryPrimitives.ReadUInt16BigEndian(binary.AsSpan(4));
        var scale = BinaryPrimitives.ReadUInt16BigEndian(binary.AsSpan(6));
        switch (sign)
        {
            case 0xC000: return "NaN";
            case 0xD000: return "Infinity";
            case 0xF000: return "-Infinity";
        }
        int Digit(int group) => group >= 0 && group < count ? BinaryPrimitives.ReadInt16BigEndian(binary.AsSpan(8 + 2 * group)) : 0;
        var text = new StringBuilder(sign == 0x4000 ? "-" : "");
        if (weight < 0)
        {
            text.Append('0');
        }
        for (var group = 0; group <= weight; group++)
        {
            text.Append(Digit(group).ToString(group == 0 ? "D" : "D4", CultureInfo.InvariantCulture));
        }
        if (scale > 0)
        {
            var fraction = new StringBuilder();
            for (var group = weight + 1; fraction.Length < scale; group++)
            {
                fraction.Append(Digit(group).ToString("D4", CultureInfo.InvariantCulture));
            }
            text.Append('.').Append(fraction.ToString(0, scale));
        }
        return text.ToString();
    }

    /// <summary>About how many bytes the value takes in an answer (UTF-8 text, base64 binary, a number's digits).</summary>
    public static long Weight(object? value) => value switch
    {
        null => 4,
        string s => Encoding.UTF8.GetByteCount(s) + 2,
        byte[] bytes => (bytes.Length + 2) / 3 * 4 + 2,
        Array array => array.Cast<object?>().Sum(Weight) + 2,
        _ => 24,
    };
}
