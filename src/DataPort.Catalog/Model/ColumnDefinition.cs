namespace DataPort.Catalog.Model;

/// <summary>
/// One column as its owner describes it: the Chinese name that appears in exports, its type, and the
/// classification the owner intends (an entity id from the privacy detector's list, and a grade).
/// </summary>
public sealed record ColumnDefinition(
    string Name,
    string? En,
    ColumnType Type,
    string Entity,
    DataGrade Grade,
    GeneratorSpec Generator,
    NoiseSpec Noise)
{
    public bool IsPersonal => Entity != Vocabulary.NoEntity;
}
