using System.CommandLine;
using System.Text;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;

namespace DataPort.Cli.Commands.Privacy;

/// <summary>What classify and mask share: the policy option, and turning library errors into one-line user errors.</summary>
internal static class PrivacyOptions
{
    public const string SecretVariable = "DATAPORT_DATASET_SECRET";

    public static Option<FileInfo?> Policy() => new("--policy")
    {
        Description = "Masking policy (YAML); the built-in catalogs/policies/default.yaml when omitted",
    };

    public static Argument<FileInfo> CsvFile() => new("FILE.csv")
    {
        Description = "CSV with a header row (UTF-8, or GB18030 with --encoding gb18030)",
    };

    public static MaskingPolicy LoadPolicy(FileInfo? file)
    {
        try
        {
            return file is null ? PolicyLoader.LoadDefault() : PolicyLoader.LoadFile(file.FullName);
        }
        catch (PolicyException e)
        {
            throw new CliException($"policy: {e.Message}");
        }
    }

    /// <summary>
    /// The dataset secret from DATAPORT_DATASET_SECRET (hex, or text of 16+ bytes). Without one, a random key is
    /// used for this run only: pseudonyms are then safe but will not match the next release.
    /// </summary>
    public static byte[] DatasetSecret(TextWriter error)
    {
        var text = Environment.GetEnvironmentVariable(SecretVariable);
        if (string.IsNullOrEmpty(text))
        {
            error.WriteLine($"warning: {SecretVariable} is not set; pseudonyms use a one-off key and will not be stable across releases");
            return System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        }
        var bytes = text.Length >= 32 && text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit)
            ? Convert.FromHexString(text)
            : Encoding.UTF8.GetBytes(text);
        return bytes.Length >= 16 ? bytes : throw new CliException($"{SecretVariable} must hold at least 16 bytes");
    }

    public static CliException ToCliError(Exception e) => e switch
    {
        CsvFormatException csv => new CliException(csv.Message),
        ReleaseRefusedException refused => new CliException(refused.Message),
        PolicyException policy => new CliException($"policy: {policy.Message}"),
        _ => new CliException(e.Message),
    };

    public static bool IsUserError(Exception e) =>
        e is CsvFormatException or ReleaseRefusedException or PolicyException or IOException or UnauthorizedAccessException;
}
