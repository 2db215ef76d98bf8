namespace DataPort.Catalog.Model;

/// <summary>One entry of the public-data development catalog (公共数据开发目录), as written in catalogs/datasets/.</summary>
public sealed record DatasetDefinition(
    string Id,
    LocalizedText Title,
    LocalizedText Description,
    string Owner,
    string Theme,
    string UpdateFrequency,
    string Basis,
    int Seed,
    IReadOnlyList<ColumnDefinition> Columns,
    FeeCap FeeCap,
    IReadOnlyList<LicenceOption> Licences,
    string SourceFile)
{
    /// <summary>A dataset is graded by its most sensitive column.</summary>
    public DataGrade Grade => Columns.Count == 0 ? DataGrade.General : Columns.Max(c => c.Grade);

    public ColumnDefinition? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
