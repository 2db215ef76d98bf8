using System.Security.Cryptography;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// The settings every node of one test cluster must share (docs/scaling.md, "What every node must share"), fresh keys
/// for each fixture.
/// </summary>
internal static class SharedNodeSettings
{
    public static Dictionary<string, string> Create(string dataDirectory) => new()
    {
        ["Uploads:DataDirectory"] = dataDirectory,
        ["Grains:CertificateSigningKey"] = PortWithCatalog.CertificateSigningKey,
        ["Sandbox:LoginSecret"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        ["Ledger:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Identity:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Jobs:Pipeline:PseudonymKey"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7)).ToArray()),
    };
}
