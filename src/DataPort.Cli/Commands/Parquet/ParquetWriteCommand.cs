using System.CommandLine;
using System.Diagnostics;
using DataPort.Tabular.Parquet;
using DataPort.Tabular.Csv;

namespace DataPort.Cli.Commands.Parquet;

/// <summary><c>dataport parquet write FILE.csv --out OUT.parquet [--codec snappy|gzip|zstd|lz4|none] [--row-group-rows N] [--encoding utf-8|gb18030]</c>.</summary>
public static class ParquetWriteCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("FILE.csv") { Description = "CSV with a header row (UTF-8, or GB18030 with --encoding gb18030)" };
        var output = new Option<FileInfo>("--out") { Description = "Parquet file to write", Required = true };
        var codec = new Option<string>("--codec") { Description = "snappy (default), gzip, zstd, lz4 or none", DefaultValueFactory = _ => "snappy" };
        codec.AcceptOnlyFromAmong("snappy", "gzip", "zstd", "lz4", "none");
        var rowGroupRows = new Option<int>("--row-group-rows")
        {
            Description = "Rows per row group (bounds memory)",
            DefaultValueFactory = _ => ParquetWriterOptions.Default.RowGroupRows,
        };
        var encoding = CsvInput.EncodingOption();
        var command = new Command("write", "Convert a CSV file to Parquet, inferring column types from the data")
        {
            input,
            output,
            codec,
            rowGroupRows,
            encoding,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(input)!;
            var target = parseResult.GetValue(output)!;
            var rows = parseResult.GetValue(rowGroupRows);
            if (rows < 1)
            {
                throw new CliException("--row-group-rows must be at least 1", ExitCodes.Usage);
            }
            var options = new ParquetWriterOptions { Codec = ParseCodec(parseResult.GetValue(codec)!), RowGroupRows = rows };
            using var csv = await CsvInput.OpenAsync(source, parseResult.GetValue(encoding), cancellationToken);
            var result = Convert(csv.Path, target, options);
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"wrote {result.Rows} rows in {result.RowGroups} row group(s) to {target.FullName} ({options.Codec.ToString().ToLowerInvariant()})");
            foreach (var field in result.Schema.Fields)
            {
                parseResult.InvocationConfiguration.Output.WriteLine($"  {field}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ParquetCodec ParseCodec(string name) => name switch
    {
        "none" => ParquetCodec.None,
        "gzip" => ParquetCodec.Gzip,
        "zstd" => ParquetCodec.Zstd,
        "lz4" => ParquetCodec.Lz4,
        _ => ParquetCodec.Snappy,
    };

    /// <summary>Writes next to the target and renames at the end, so a failed run never leaves a half file behind.</summary>
    private static CsvConversionResult Convert(string source, FileInfo target, ParquetWriterOptions options)
    {
        var temporary = target.FullName + ".partial";
        try
        {
            CsvConversionResult result;
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                result = CsvToParquet.Convert(source, stream, options);
            }
            File.Move(temporary, target.FullName, overwrite: true);
            return result;
        }
        catch (Exception e) when (e is CsvException or ParquetException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(temporary);
            throw new CliException(e.Message);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            Debug.WriteLine($"could not remove {path}: {e.Message}");
        }
    }
}
