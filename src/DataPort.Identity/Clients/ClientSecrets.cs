using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace DataPort.Identity.Clients;

/// <summary>Client secrets: 256 random bits, base64url, stored as SHA-256 and compared in constant time.</summary>
public static class ClientSecrets
{
    public static string Generate() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    /// <summary>Client ids are public but unguessable, so they say nothing about which clients exist.</summary>
    public static string NewClientId() => "dpc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static bool LooksLikeClientId(string value) =>
        value.Length == 28 && value.StartsWith("dpc_", StringComparison.Ordinal) && value[4..].All(char.IsAsciiHexDigitLower);
}
