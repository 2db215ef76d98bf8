using System.CommandLine;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;

namespace DataPort.Cli.Commands.Catalog;

/// <summary>The <c>--catalog</c> option shared by the catalog commands, and loading it as a user error on failure.</summary>
internal static class CatalogDirectory
{
    public const string DefaultName = "catalogs";

    public static Option<string?> CreateOption() => new("--catalog")
    {
        Description = "Catalog directory (default: ./catalogs, or the nearest catalogs/ folder above the current directory)",
    };

    /// <summary>An explicit path is taken relative to the current directory; without one, ./catalogs or the nearest above.</summary>
    public static string Resolve(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Path.GetFullPath(given, Environment.CurrentDirectory);
        }
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DefaultName);
            if (Directory.Exists(Path.Combine(candidate, CatalogLoader.DatasetsFolder)))
            {
                return candidate;
            }
        }
        throw new CliException($"no {DefaultName}/ directory here or above; pass --catalog DIR", ExitCodes.Usage);
    }

    public static CatalogContent Load(string directory)
    {
        try
        {
            return CatalogLoader.Load(directory);
        }
        catch (CatalogValidationException e)
        {
            throw new CliException(e.Message);
        }
    }
}
