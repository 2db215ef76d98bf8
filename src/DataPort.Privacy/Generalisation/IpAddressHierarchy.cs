using System.Net;
using System.Net.Sockets;

namespace DataPort.Privacy.Generalisation;

/// <summary>
/// IP addresses, by network: <c>prefix_24</c> (10.1.2.0/24) → <c>prefix_16</c> → <c>prefix_8</c>. An IPv6 address keeps
/// twice the bits (/48, /32, /16), which is where its provider and site boundaries usually fall.
/// </summary>
public sealed class IpAddressHierarchy : Hierarchy
{
    private readonly int[] _bits;

    private IpAddressHierarchy(IReadOnlyList<string> levels, int[] bits)
        : base(HierarchyKind.IpAddress, levels) => _bits = bits;

    public static IpAddressHierarchy Create(IReadOnlyList<string> levels)
    {
        var bits = levels.Select(level => CodeHierarchy.Prefix(level, max: 32) is var n and > 0
            ? n
            : level == "address" ? 32 : throw new HierarchyException($"'{level}' is no IP level; use address or prefix_N (N from 1 to 32).")).ToArray();
        for (var i = 1; i < bits.Length; i++)
        {
            if (bits[i] >= bits[i - 1])
            {
                throw new HierarchyException($"'{levels[i]}' cannot follow '{levels[i - 1]}': each level must keep fewer bits.");
            }
        }
        return new IpAddressHierarchy(levels, bits);
    }

    public override int Base(ReadOnlySpan<char> value, Span<char> label)
    {
        var text = IPAddress.TryParse(value, out var address) ? Network(address, _bits[0]) : null;
        return text is not null && text.Length <= label.Length ? Write(text, label) : -1;
    }

    public override string Coarsen(string label, int level)
    {
        var slash = label.IndexOf('/', StringComparison.Ordinal);
        return label != Unknown && IPAddress.TryParse(slash < 0 ? label : label[..slash], out var address) ? Network(address, _bits[level]) : Unknown;
    }

    private static string Network(IPAddress address, int bits)
    {
        var length = address.AddressFamily == AddressFamily.InterNetwork ? bits : Math.Min(128, bits * 2);
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(length - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }
        return $"{new IPAddress(bytes)}/{length}";
    }
}
