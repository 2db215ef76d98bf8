using System.CommandLine;
using DataPort.Database;

namespace DataPort.Cli;

/// <summary><c>--connection</c>, falling back to <c>ConnectionStrings__DataPort</c> as the server does.</summary>
public static class ConnectionOption
{
    public static Option<string?> Create() => new("--connection")
    {
        Description = $"PostgreSQL connection string (default: the {DatabaseOptions.EnvironmentVariable} environment variable)",
    };

    public static string Resolve(ParseResult parseResult, Option<string?> option)
    {
        var value = parseResult.GetValue(option);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = Environment.GetEnvironmentVariable(DatabaseOptions.EnvironmentVariable);
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliException(
                $"No database given: pass --connection or set {DatabaseOptions.EnvironmentVariable} ({DatabaseOptions.SettingName}).",
                ExitCodes.Usage);
        }
        return value;
    }
}
