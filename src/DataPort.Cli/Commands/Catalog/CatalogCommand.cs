using System.CommandLine;
using DataPort.Catalog.Import;
using DataPort.Catalog.Listing;

namespace DataPort.Cli.Commands.Catalog;

/// <summary><c>dataport catalog list|validate|import|publish</c>: the public-data catalog kept as YAML in catalogs/.</summary>
public static class CatalogCommand
{
    public static Command Create() => new("catalog", "The public-data catalog (catalogs/*.yaml)")
    {
        CreateList(),
        CreateValidate(),
        CatalogImportCommand.Create(),
        CatalogPublishCommand.Create(),
    };

    private static Command CreateList()
    {
        var catalog = CatalogDirectory.CreateOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON array (one object per dataset)" };
        var connection = new Option<string?>("--connection")
        {
            Description = "Also show where each dataset stands in the registry after an import (PostgreSQL connection string)",
        };
        var command = new Command("list", "List the catalog's datasets") { catalog, json, connection };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var content = CatalogDirectory.Load(CatalogDirectory.Resolve(parseResult.GetValue(catalog)));
            var output = parseResult.InvocationConfiguration.Output;
            IReadOnlyList<ListingSource> sources = [.. content.Datasets.Select(ListingSource.Yaml)];
            if (!string.IsNullOrWhiteSpace(parseResult.GetValue(connection)))
            {
                await using var silo = await GrainHost.StartAsync(parseResult.GetValue(connection)!, cancellationToken);
                sources = await new CatalogImporter(silo.Grains, TimeProvider.System).DescribeAsync(content);
            }
            if (parseResult.GetValue(json))
            {
                output.WriteLine(CatalogJson.List(content.Datasets.Zip(sources)));
                return ExitCodes.Ok;
            }
            foreach (var (dataset, source) in content.Datasets.Zip(sources))
            {
                output.WriteLine($"{dataset.Id,-28} {dataset.Owner,-10} {dataset.Theme,-16} {dataset.Columns.Count,3} columns  {source.DatasetStatus ?? source.Kind,-10} {dataset.Title.Zh}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateValidate()
    {
        var catalog = CatalogDirectory.CreateOption();
        var command = new Command("validate", "Check every catalog file against the schema; errors name file, line and problem") { catalog };
        command.SetAction((parseResult, _) =>
        {
            var content = CatalogDirectory.Load(CatalogDirectory.Resolve(parseResult.GetValue(catalog)));
            parseResult.InvocationConfiguration.Output.WriteLine(
                $"catalog is valid: {content.Datasets.Count} datasets, {content.Organisations.Count} organisations");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
