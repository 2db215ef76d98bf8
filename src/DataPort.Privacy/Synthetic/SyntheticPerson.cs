namespace DataPort.Privacy.Synthetic;

/// <summary>One made-up resident with valid identifiers, for tests, benchmarks and demo datasets.</summary>
public sealed record SyntheticPerson(
    string Name,
    string ResidentId,
    DateOnly BirthDate,
    string Mobile,
    string Address,
    string Plate,
    string Email,
    string OrderNumber,
    decimal Amount,
    string Remark);
