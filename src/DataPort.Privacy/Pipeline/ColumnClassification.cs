using DataPort.Privacy.Detection;
using DataPort.Privacy.Policy;

namespace DataPort.Privacy.Pipeline;

/// <summary>Classifies a file's columns on its first rows and grades them under a policy.</summary>
public static class ColumnClassification
{
    public static IReadOnlyList<ColumnDecision> Classify(string csvPath, MaskingPolicy policy, DateOnly today)
    {
        using var source = CsvSources.Open(csvPath);
        return Classify(source, policy, today);
    }

    public static IReadOnlyList<ColumnDecision> Classify(ICsvSource source, MaskingPolicy policy, DateOnly today)
    {
        var sample = new List<string[]>();
        while (sample.Count < policy.Classification.SampleSize && source.Read())
        {
            sample.Add(source.GetStrings());
        }
        var detections = ColumnClassifier.Classify(source.Header, sample, policy.Classification, today);
        return [.. detections.Select(detection => Decide(detection, policy))];
    }

    /// <summary>Applies the policy: a column rule may force the entity; the grade comes from the policy.</summary>
    public static ColumnDecision Decide(ColumnDetection detection, MaskingPolicy policy)
    {
        if (policy.Columns.TryGetValue(detection.Name, out var rule) && rule.EntityForced)
        {
            var embedded = detection.Entity == EntityIds.FreeTextWithPii ? detection.EmbeddedEntities : new HashSet<string>();
            detection = new ColumnDetection(detection.Name, rule.Entity, 1.0, embedded);
        }
        return new ColumnDecision(
            detection.Name,
            detection.Entity,
            detection.Confidence,
            detection.Personal,
            detection.Sensitive,
            policy.GradeOf(detection.Name, detection.Entity));
    }
}
