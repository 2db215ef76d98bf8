using System.Text.RegularExpressions;
using DataPort.Catalog.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataPort.Catalog.Loading;

/// <summary>
/// Loads a catalog directory (organisations.yaml and datasets/*.yaml) and validates it completely: structure,
/// vocabularies, references, fee caps and generator specs. Either everything is right, or a
/// <see cref="CatalogValidationException"/> lists every error with file, line and column.
/// </summary>
public static partial class CatalogLoader
{
    public const string OrganisationsFile = "organisations.yaml";
    public const string DatasetsFolder = "datasets";

    public static CatalogContent Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new CatalogValidationException([new CatalogError(directory, 0, 0, "the catalog directory does not exist")]);
        }
        var errors = new List<CatalogError>();
        var organisations = new List<Organisation>();
        var organisationsPath = Path.Combine(directory, OrganisationsFile);
        if (File.Exists(organisationsPath) && Parse(organisationsPath, errors) is { } organisationsRoot)
        {
            organisations = OrganisationReader.Read(organisationsRoot, new ErrorSink(organisationsPath, errors));
        }

        var datasetsDirectory = Path.Combine(directory, DatasetsFolder);
        var files = System.IO.Directory.Exists(datasetsDirectory)
            ? System.IO.Directory.GetFiles(datasetsDirectory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            errors.Add(new CatalogError(datasetsDirectory, 0, 0, "no dataset files (datasets/*.yaml)"));
        }
        var datasets = new List<(DatasetDefinition Dataset, SourceMark Mark)>();
        var context = new DatasetReader.Context(organisations);
        foreach (var file in files)
        {
            if (Path.GetExtension(file) != ".yaml")
            {
                errors.Add(new CatalogError(file, 0, 0, "dataset files must end in .yaml"));
                continue;
            }
            if (Parse(file, errors) is not { } root)
            {
                continue;
            }
            var sink = new ErrorSink(file, errors);
            // Named from the catalog folder down (catalogs/datasets/bus-stops.yaml), whatever the current directory.
            var folder = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
            var relative = Path.Combine(folder, Path.GetRelativePath(directory, file)).Replace('\\', '/');
            if (DatasetReader.Read(root, relative, sink, context) is { } read)
            {
                datasets.Add(read);
            }
        }
        CheckDuplicates(datasets, errors);
        if (errors.Count > 0)
        {
            throw new CatalogValidationException(errors);
        }
        return new CatalogContent(Path.GetFullPath(directory), organisations, [.. datasets.Select(d => d.Dataset)]);
    }

    /// <summary>Parses one file into its single document's root, or records why it cannot.</summary>
    internal static YamlNode? Parse(string file, List<CatalogError> errors)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            // Duplicate keys and syntax errors both arrive here, with the parser's own mark.
            var message = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
            errors.Add(new CatalogError(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {message}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some structural errors (an unclosed flow collection at the end of the file) surface without a mark.
            var (line, column) = LastParsedPosition(file);
            errors.Add(new CatalogError(file, line, column, "not valid YAML: the document ends inside an unclosed [ ] or { } collection"));
            return null;
        }
        if (stream.Documents.Count != 1)
        {
            errors.Add(new CatalogError(file, 1, 1, $"expected exactly one YAML document, found {stream.Documents.Count}"));
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    private static (int Line, int Column) LastParsedPosition(string file)
    {
        using var reader = new StreamReader(file);
        var parser = new Parser(reader);
        Mark last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                last = parser.Current!.Start;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            if (e is YamlException yaml)
            {
                last = yaml.Start;
            }
        }
        return ((int)last.Line, (int)last.Column);
    }

    private static void CheckDuplicates(List<(DatasetDefinition Dataset, SourceMark Mark)> datasets, List<CatalogError> errors)
    {
        var seen = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        foreach (var (dataset, mark) in datasets)
        {
            if (seen.TryGetValue(dataset.Id, out var first))
            {
                errors.Add(new CatalogError(mark.File, mark.Line, mark.Column, $"duplicate dataset id '{dataset.Id}' (first defined at {first})"));
            }
            else
            {
                seen[dataset.Id] = mark;
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex Slug();
}
