using System.Diagnostics;
using System.Text.Json;

namespace DataPort.Tabular.Tests.Interop;

/// <summary>
/// Runs the scripts in tests/interop with node. DuckDB and hyparquet come from npm there; a missing
/// install fails the tests with the fix, rather than letting them pass silently.
/// </summary>
public static class NodeInterop
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string InteropFolder => Folder.Value;

    public static JsonDocument Run(params string[] arguments)
    {
        var folder = InteropFolder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@duckdb", "node-api"))
            || !Directory.Exists(Path.Combine(folder, "node_modules", "hyparquet")))
        {
            throw new InvalidOperationException(
                $"The interop packages are not installed: run `npm ci` in {folder} (tests/interop) before running these tests.");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish in 120 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        }
        return JsonDocument.Parse(output.Result);
    }

    private static string FindFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/interop/package.json was not found above " + AppContext.BaseDirectory);
    }
}
