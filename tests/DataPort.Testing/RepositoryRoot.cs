namespace DataPort.Testing;

/// <summary>The repository this code runs from: the first folder above the build output that holds DataPort.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "DataPort.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("This runs inside the repository (no DataPort.sln above it).");
    }
}
