using System.CommandLine;
using System.Text;
using DataPort.Catalog.Generation;

namespace DataPort.Cli.Commands.Catalog;

/// <summary><c>dataport generate DATASET --rows N --out FILE.csv</c>: deterministic synthetic data for one dataset.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("DATASET") { Description = "Dataset id from the catalog, e.g. bus-stops" };
        var rows = new Option<long>("--rows") { Description = "Number of data rows (the header comes on top)", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--out") { Description = "CSV file to write ('-' for standard output)", Required = true };
        var seed = new Option<int?>("--seed") { Description = "Override the dataset's seed (default: the seed in its YAML)" };
        var catalog = CatalogDirectory.CreateOption();
        var command = new Command("generate", "Write deterministic synthetic rows of a catalog dataset as RFC 4180 CSV (UTF-8)")
        {
            dataset, rows, output, seed, catalog,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(dataset)!;
            var count = parseResult.GetValue(rows);
            if (count < 0)
            {
                throw new CliException("--rows must not be negative", ExitCodes.Usage);
            }
            var content = CatalogDirectory.Load(CatalogDirectory.Resolve(parseResult.GetValue(catalog)));
            var definition = content.Find(id)
                ?? throw new CliException($"no dataset '{id}' in the catalog (see: dataport catalog list)");
            var generator = new SyntheticGenerator(definition);
            var target = parseResult.GetValue(output)!;
            var console = parseResult.InvocationConfiguration.Output;
            if (target == "-")
            {
                generator.WriteCsv(console, count, parseResult.GetValue(seed), cancellationToken);
                return ExitCodes.Ok;
            }
            var path = Path.GetFullPath(target, Environment.CurrentDirectory);
            // Write beside the target and move into place, so a cancelled run never leaves half a file.
            var partial = path + ".partial";
            try
            {
                await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
                {
                    generator.WriteCsv(writer, count, parseResult.GetValue(seed), cancellationToken);
                }
                File.Move(partial, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                File.Delete(partial);
                throw new CliException($"cannot write {target}: {e.Message}");
            }
            finally
            {
                File.Delete(partial);
            }
            console.WriteLine($"wrote {count} rows of {definition.Id} to {target}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
