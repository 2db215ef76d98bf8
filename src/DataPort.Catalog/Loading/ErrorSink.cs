using DataPort.Catalog.Model;
using YamlDotNet.RepresentationModel;

namespace DataPort.Catalog.Loading;

/// <summary>Collects errors for one file so a single run reports all of them.</summary>
internal sealed class ErrorSink(string file, List<CatalogError> errors)
{
    public string File { get; } = file;

    public int Count => errors.Count;

    public void Add(YamlNode node, string message) =>
        errors.Add(new CatalogError(File, (int)node.Start.Line, (int)node.Start.Column, message));

    public void Add(SourceMark mark, string message) =>
        errors.Add(new CatalogError(mark.File, mark.Line, mark.Column, message));

    public SourceMark MarkOf(YamlNode node) => new(File, (int)node.Start.Line, (int)node.Start.Column);
}
