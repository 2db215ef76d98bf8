using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Pipeline;

/// <summary>The classification and grading of one column, as `dataport classify` prints it.</summary>
public sealed record ColumnDecision(string Name, string? Entity, double Confidence, bool Personal, bool Sensitive, Grade Grade);
