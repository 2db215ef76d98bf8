using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace DataPort.Database;

/// <summary>One versioned SQL file from <c>Migrations/</c>; its id is the file name without extension.</summary>
public sealed record Migration(string Id, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Migrations/";

    /// <summary>All migrations shipped in this assembly, in the order they apply (by file name).</summary>
    public static IReadOnlyList<Migration> Shipped { get; } = Load(typeof(Migration).Assembly);

    private static List<Migration> Load(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => FromResource(assembly, name))
            .ToList();

    private static Migration FromResource(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var id = Path.GetFileNameWithoutExtension(resourceName[ResourcePrefix.Length..]);
        return new Migration(id, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
    }
}
