using System.Net;
using System.Net.Sockets;

namespace DataPort.Privacy.Detection;

public static class IpAddress
{
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.Length is < 7 or > 45)
        {
            return false;
        }
        if (value.Contains(':'))
        {
            return IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }
        // Dotted quads only: IPAddress.TryParse also accepts "1.2" or "123", which are ordinary numbers.
        var parts = 0;
        foreach (var range in value.Split('.'))
        {
            var part = value[range];
            if (part.Length is < 1 or > 3 || !Digits.AllDigits(part) || Digits.Parse(part) > 255 || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }
            parts++;
        }
        return parts == 4;
    }
}
