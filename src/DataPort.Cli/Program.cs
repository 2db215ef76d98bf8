using System.CommandLine;
using System.Globalization;
using DataPort.Cli;
using DataPort.Cli.Commands.Db;

// Output formats (JSON numbers, dates) must not depend on the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

var root = new RootCommand("dataport — the Xiamen data port's command line")
{
    DbCommand.Create(),
    DataPort.Cli.Commands.Ledger.LedgerCommand.Create(),
    DataPort.Cli.Commands.Parquet.ParquetCommand.Create(),
    DataPort.Cli.Commands.Privacy.ClassifyCommand.Create(),
    DataPort.Cli.Commands.Privacy.MaskCommand.Create(),
    DataPort.Cli.Commands.Catalog.CatalogCommand.Create(),
    DataPort.Cli.Commands.Catalog.GenerateCommand.Create(),
    DataPort.Cli.Commands.Users.UsersCommand.Create(),
    DataPort.Cli.Commands.Verify.VerifyCommand.Create(),
};
return await CliRunner.InvokeAsync(root, args);
