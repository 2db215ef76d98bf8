using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using DataPort.Privacy.Detection;
using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Masking;

/// <summary>
/// Coarsens a value so fewer people share each one: a date to its year or month, a birth date to an age band,
/// an address to its district, a coordinate to a grid, an IP address to its network. A value that cannot be
/// parsed is redacted rather than passed through.
/// </summary>
public sealed class GeneraliseMasker(GeneraliseTo to, int band, int decimals, DateOnly today) : IValueMasker, IUtf8Masker
{
    private const string Unknown = "*";
    private char[] _chars = new char[128];

    // Band labels repeat for every row; build each once.
    private readonly Dictionary<int, string> _bands = [];

    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        var trimmed = value.Trim();
        return to switch
        {
            GeneraliseTo.Year => Dates.TryParse(trimmed, out var year) ? year.Year.ToString("D4", CultureInfo.InvariantCulture) : Unknown,
            GeneraliseTo.Month => Dates.TryParse(trimmed, out var month) ? month.ToString("yyyy-MM", CultureInfo.InvariantCulture) : Unknown,
            GeneraliseTo.AgeBand => Dates.TryParse(trimmed, out var birth) ? AgeBand(birth) : Unknown,
            GeneraliseTo.District => District(trimmed),
            GeneraliseTo.Grid => Grid(trimmed),
            _ => IpPrefix(trimmed),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void IUtf8Masker.Mask(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> output)
    {
        // Same steps as Mask(string) on a reused char buffer: decode, trim, then the target's rule.
        if (to is GeneraliseTo.Grid or GeneraliseTo.IpPrefix)
        {
            Utf8Masking.Write(Mask(System.Text.Encoding.UTF8.GetString(value)), output);
            return;
        }
        if (_chars.Length < value.Length)
        {
            _chars = new char[Math.Max(value.Length, _chars.Length * 2)];
        }
        ReadOnlySpan<char> trimmed = _chars.AsSpan(0, System.Text.Encoding.UTF8.GetChars(value, _chars)).Trim();
        if (to == GeneraliseTo.District)
        {
            // The cut falls after a BMP marker character, so the prefix's UTF-8 is a prefix of the value's.
            var length = Detection.Address.DistrictLength(trimmed);
            Utf8Masking.Write(length == 0 ? Unknown.AsSpan() : trimmed[..length], output);
            return;
        }
        if (!Dates.TryParse(trimmed, out var date))
        {
            Utf8Masking.Write(Unknown, output);
            return;
        }
        switch (to)
        {
            case GeneraliseTo.Year:
                Format(date.Year, "D4", output);
                break;
            case GeneraliseTo.Month:
                Format(date, "yyyy-MM", output);
                break;
            default:
                Utf8Masking.Write(AgeBand(date), output);
                break;
        }
    }

    private static void Format<T>(T value, string format, ArrayBufferWriter<byte> output)
        where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(32);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"could not format {value} as {format}");
        }
        output.Advance(written);
    }

    // Districts repeat for every row: look the prefix up by span and allocate each distinct one once.
    private readonly Dictionary<string, string> _districts = new(StringComparer.Ordinal);

    private string District(string value)
    {
        var length = Detection.Address.DistrictLength(value);
        if (length == 0)
        {
            return Unknown;
        }
        var lookup = _districts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(value.AsSpan(0, length), out var district))
        {
            district = value[..length];
            if (_districts.Count < 4096)
            {
                _districts[district] = district;
            }
        }
        return district;
    }

    private string AgeBand(DateOnly birth)
    {
        var age = today.Year - birth.Year - (today < birth.AddYears(today.Year - birth.Year) ? 1 : 0);
        if (age < 0)
        {
            return Unknown;
        }
        var lower = age / band * band;
        if (!_bands.TryGetValue(lower, out var label))
        {
            label = band == 1 ? lower.ToString(CultureInfo.InvariantCulture) : $"{lower}-{lower + band - 1}";
            _bands[lower] = label;
        }
        return label;
    }

    private string Grid(string value)
    {
        if (GeoCoordinate.TryParsePair(value, out var latitude, out var longitude, out var longitudeFirst))
        {
            // In the order the value was written.
            return longitudeFirst ? $"{Round(longitude)},{Round(latitude)}" : $"{Round(latitude)},{Round(longitude)}";
        }
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var single) ? Round(single) : Unknown;
    }

    // Truncation towards the cell's south-west corner, so every point of a cell maps to the same value.
    private string Round(double degrees)
    {
        var scale = Math.Pow(10, decimals);
        return (Math.Floor(degrees * scale) / scale).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string IpPrefix(string value)
    {
        if (!IPAddress.TryParse(value, out var address))
        {
            return Unknown;
        }
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        }
        Array.Clear(bytes, 6, bytes.Length - 6);
        return $"{new IPAddress(bytes)}/48";
    }
}
