using System.Diagnostics;

namespace DataPort.Cli.Tests;

/// <summary>What one run of the real <c>dataport</c> command printed.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the built <c>dataport</c> as a separate process, exactly as a user or script would.</summary>
public static class Dataport
{
    private static readonly string Assembly = typeof(ExitCodes).Assembly.Location;

    public static async Task<CliResult> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A developer's own connection string must never leak into a test run.
        start.Environment.Remove("ConnectionStrings__DataPort");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
