namespace DataPort.Privacy.Policy;

/// <param name="Operator">Null: the grade's operator applies.</param>
public sealed record EntityRule(Grade Grade, OperatorSpec? Operator);

/// <summary>A rule for one column by its header, overriding what classification found.</summary>
/// <param name="Entity">Forces the entity (or, with <c>none</c>, declares the column not personal).</param>
public sealed record ColumnRule(string? Entity, bool EntityForced, Grade? Grade, OperatorSpec? Operator)
{
    /// <summary>
    /// Overrides the risk settings' quasi-identifier list for this column: <c>false</c> for values that locate a
    /// place rather than a person (a bus stop's coordinates), which say nothing about who is in a row.
    /// </summary>
    public bool? QuasiIdentifier { get; init; }
}
