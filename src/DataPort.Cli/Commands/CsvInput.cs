using System.CommandLine;
using DataPort.Tabular.Csv;

namespace DataPort.Cli.Commands;

/// <summary>
/// How every command that reads a CSV treats its encoding, the same way uploads do: UTF-8 (with or without a
/// byte-order mark) is read as it is, after one check pass; <c>--encoding gb18030</c> reads a GBK/GB18030 export
/// through a converted temporary copy; anything else fails naming the line, the column and how to convert.
/// </summary>
internal static class CsvInput
{
    public static Option<string> EncodingOption()
    {
        var option = new Option<string>("--encoding")
        {
            Description = "utf-8 (default; a byte-order mark is fine) or gb18030 (also reads GBK), converted to UTF-8 first",
            DefaultValueFactory = _ => "utf-8",
        };
        option.AcceptOnlyFromAmong("utf-8", "utf8", "gb18030", "gbk");
        return option;
    }

    /// <summary>A UTF-8 file with the CSV's content; delete it with <see cref="Utf8Csv.Dispose"/> when it is a converted copy.</summary>
    public static async Task<Utf8Csv> OpenAsync(FileInfo file, string? encodingName, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName}: no such file");
        }
        if (!CsvEncodings.TryParse(encodingName, out var encoding))
        {
            throw new CliException($"--encoding must be one of {CsvEncodings.Names}", ExitCodes.Usage);
        }
        try
        {
            if (encoding == CsvTextEncoding.Utf8)
            {
                await CsvEncodings.EnsureUtf8Async(file.FullName, cancellationToken);
                return new Utf8Csv(file.FullName, temporary: false);
            }
            var copy = Path.Combine(Path.GetTempPath(), $"dataport-{Guid.NewGuid():N}.csv");
            try
            {
                await CsvEncodings.TranscodeFileAsync(file.FullName, copy, encoding, cancellationToken);
            }
            catch
            {
                File.Delete(copy);
                throw;
            }
            return new Utf8Csv(copy, temporary: true);
        }
        catch (CsvEncodingException e)
        {
            throw new CliException($"{file.Name}: {e.Message}");
        }
    }
}

internal sealed class Utf8Csv(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporary)
        {
            File.Delete(Path);
        }
    }
}
