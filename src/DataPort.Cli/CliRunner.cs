using System.CommandLine;

namespace DataPort.Cli;

/// <summary>Exit codes shared by every command, so scripts can tell a user error from a failure.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The command ran and found a problem (bad input, failed check, tampered ledger).</summary>
    public const int Failed = 1;
    /// <summary>The command line itself is wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;
}

/// <summary>A failure whose message is meant for the user as it is: printed without a stack trace.</summary>
public class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class CliRunner
{
    /// <summary>Parses and runs; user-facing failures print one line on stderr and give a non-zero exit.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            // Our own handler below prints user errors plainly; unexpected ones still get the trace.
            EnableDefaultExceptionHandler = false,
        };
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                configuration.Error.WriteLine($"error: {parseError.Message}");
            }
            configuration.Error.WriteLine("Run with --help to see the usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parseResult.InvokeAsync(configuration);
        }
        catch (CliException e)
        {
            configuration.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            configuration.Error.WriteLine("cancelled");
            return ExitCodes.Failed;
        }
    }
}
