namespace DataPort.Catalog.Tests;

/// <summary>Finds the repository's catalogs/ folder from the test's output directory.</summary>
internal static class RepositoryCatalog
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, "catalogs", "datasets");
            if (System.IO.Directory.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "DataPort.sln")))
            {
                return Path.Combine(directory.FullName, "catalogs");
            }
            directory = directory.Parent;
        }
        throw new InvalidOperationException("catalogs/ not found above " + AppContext.BaseDirectory);
    }
}
