using DataPort.Privacy.Detection;
using DataPort.Privacy.Generalisation;

namespace DataPort.Privacy.Policy;

/// <summary>
/// A masking policy: entity → grade → operator, the classification thresholds and the risk check.
/// Loaded from YAML by <see cref="PolicyLoader"/>; <see cref="Sha256"/> is over the YAML bytes.
/// </summary>
public sealed record MaskingPolicy(
    string Name,
    IReadOnlyDictionary<string, EntityRule> Entities,
    IReadOnlyDictionary<Grade, OperatorSpec> GradeOperators,
    IReadOnlyDictionary<string, ColumnRule> Columns,
    ClassificationSettings Classification,
    RiskSettings Risk,
    string Sha256)
{
    /// <summary>Generalisation levels by entity id or column name, finest first (<c>hierarchies:</c> in the YAML).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Hierarchies { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// The levels a quasi-identifier may be released at: the column's own rule, else the policy's for the column's
    /// name, else for its entity; null when none is declared (the column is then released as its operator masks it).
    /// </summary>
    public Hierarchy? HierarchyOf(string column, string? entity)
    {
        Columns.TryGetValue(column, out var rule);
        var levels = rule?.Hierarchy
            ?? (Hierarchies.TryGetValue(column, out var byName) ? byName : null)
            ?? (entity is not null && Hierarchies.TryGetValue(entity, out var byEntity) ? byEntity : null);
        return levels is null ? null : Generalisation.Hierarchies.Create(entity, levels);
    }

    /// <summary>The level the column is fixed at, if a rule fixes one.</summary>
    public string? FixedLevelOf(string column) => Columns.TryGetValue(column, out var rule) ? rule.Level : null;

    public bool IsSensitiveAttribute(string column, string? entity) =>
        Columns.TryGetValue(column, out var rule) && rule.SensitiveAttribute is { } declared
            ? declared
            : Risk.SensitiveAttributes.Contains(column) || (entity is not null && Risk.SensitiveAttributes.Contains(entity));

    /// <summary>The grade of a column: its column rule, else its entity's rule, else general.</summary>
    public Grade GradeOf(string column, string? entity)
    {
        if (Columns.TryGetValue(column, out var columnRule) && columnRule.Grade is { } grade)
        {
            return grade;
        }
        return entity is not null && Entities.TryGetValue(entity, out var rule) ? rule.Grade : Grade.General;
    }

    /// <summary>The operator for a column. Core data is suppressed whatever else the policy says.</summary>
    public OperatorSpec OperatorOf(string column, string? entity)
    {
        var grade = GradeOf(column, entity);
        if (grade == Grade.Core)
        {
            return OperatorSpec.Suppress;
        }
        if (Columns.TryGetValue(column, out var columnRule) && columnRule.Operator is { } columnOperator)
        {
            return columnOperator;
        }
        if (entity is not null && Entities.TryGetValue(entity, out var rule) && rule.Operator is { } entityOperator)
        {
            return entityOperator;
        }
        if (entity is null && columnRule?.Grade is null)
        {
            // Columns that hold no personal information pass unchanged unless a column rule says otherwise.
            return OperatorSpec.Keep;
        }
        return GradeOperators.TryGetValue(grade, out var gradeOperator) ? gradeOperator : OperatorSpec.Keep;
    }

    public bool IsQuasiIdentifier(string column, string? entity) =>
        Columns.TryGetValue(column, out var rule) && rule.QuasiIdentifier is { } declared
            ? declared
            : Risk.QuasiIdentifiers.Contains(column) || (entity is not null && Risk.QuasiIdentifiers.Contains(entity));
}
