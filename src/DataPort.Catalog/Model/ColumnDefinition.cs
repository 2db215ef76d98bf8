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

    /// <summary>
    /// The owner's statement (<c>subject: place</c>) that the values locate or reach a place — a bus stop's
    /// coordinates, a hospital's switchboard — and not a person. Publishing then releases them as the owner
    /// graded them and leaves them out of the re-identification check, which is about people.
    /// </summary>
    public bool DescribesPlace { get; init; }

    /// <summary>
    /// The levels this column may be released at when it is a quasi-identifier (<c>hierarchy: [grid_2, district]</c>),
    /// in place of the policy's for its entity: an owner may know that a finer level says too much, or a coarser one
    /// is useless, for this dataset.
    /// </summary>
    public IReadOnlyList<string>? Hierarchy { get; init; }
}
