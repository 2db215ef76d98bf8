using DataPort.Catalog.Publishing;
using DataPort.Domain.Datasets;
using DataPort.Privacy.Pipeline;
using DataPort.Privacy.Policy;

namespace DataPort.Catalog.Uploads;

/// <summary>
/// The owner's column choices as masking rules. A place column is no quasi-identifier (it says where, not who); graded
/// general it is released as it is, graded higher it is masked as its entity says. A raised grade masks as that grade.
/// A grade below the classification's is refused earlier (by the decider), so choices only ever mask more.
/// </summary>
internal static class DraftPolicy
{
    public static MaskingPolicy For(MaskingPolicy policy, string datasetId, IReadOnlyList<ColumnChoice> choices, IReadOnlyList<ColumnDecision> classified)
    {
        var byName = classified.ToDictionary(c => c.Name, StringComparer.Ordinal);
        return DatasetPolicy.WithColumnRules(policy, $"owner:{datasetId}", choices
            .Where(c => byName.ContainsKey(c.Column))
            .Select(c => Rule(policy, c, byName[c.Column])));
    }

    private static (string, ColumnRule, string) Rule(MaskingPolicy policy, ColumnChoice choice, ColumnDecision classified)
    {
        var grade = choice.Grade is { } chosen ? ToPrivacy(chosen) : classified.Grade;
        // A raised grade masks as that grade does: an entity's own operator was chosen for its usual grade.
        var raised = grade > classified.Grade && policy.GradeOperators.TryGetValue(grade, out var gradeOperator) ? gradeOperator : null;
        var rule = (choice.Subject ?? ColumnSubject.Person) == ColumnSubject.Place
            ? grade == Grade.General
                ? new ColumnRule(Entity: null, EntityForced: true, Grade: null, Operator: null) { QuasiIdentifier = false }
                : new ColumnRule(classified.Entity, EntityForced: true, grade, raised) { QuasiIdentifier = false }
            : new ColumnRule(classified.Entity, EntityForced: false, grade, raised) { Level = choice.Level };
        var described = $"{(choice.Subject ?? ColumnSubject.Person).ToString().ToLowerInvariant()}, {grade.ToId()}";
        return (choice.Column, rule, choice.Level is null ? described : $"{described}, level {choice.Level}");
    }

    public static Grade ToPrivacy(ColumnGrade grade) => grade switch
    {
        ColumnGrade.Core => Grade.Core,
        ColumnGrade.Important => Grade.Important,
        _ => Grade.General,
    };

    public static ColumnGrade FromPrivacy(Grade grade) => grade switch
    {
        Grade.Core => ColumnGrade.Core,
        Grade.Important => ColumnGrade.Important,
        _ => ColumnGrade.General,
    };
}
