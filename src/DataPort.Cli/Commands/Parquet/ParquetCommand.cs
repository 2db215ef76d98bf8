using System.CommandLine;

namespace DataPort.Cli.Commands.Parquet;

public static class ParquetCommand
{
    public static Command Create() => new("parquet", "Convert CSV to Parquet and inspect Parquet files")
    {
        ParquetWriteCommand.Create(),
        ParquetInspectCommand.Create(),
    };
}
