using System.Security.Cryptography;
using System.Text;
using DataPort.Catalog.Model;
using DataPort.Privacy.Policy;

namespace DataPort.Catalog.Publishing;

/// <summary>
/// The masking policy one dataset is published under: the port's policy, plus what the owner declared in the
/// catalog that the detectors cannot know — which columns describe a place rather than a person.
/// </summary>
public static class DatasetPolicy
{
    /// <summary>
    /// A place column graded general is released as it is (a bus stop's coordinates are the point of a bus-stop
    /// list); one graded higher is masked as its entity says (a base station's location is important data). Either
    /// way it is no quasi-identifier: it says nothing about who a row is, so it must not cost rows to the k check.
    /// The policy's own rule for a header wins: operators maintain it. The result names and hashes both sources,
    /// so a release's report says exactly which rules it was made under.
    /// </summary>
    public static MaskingPolicy For(MaskingPolicy policy, DatasetDefinition dataset) =>
        WithColumnRules(policy, $"catalog:{dataset.Id}", dataset.Columns
            .Where(c => c.DescribesPlace || c.Hierarchy is not null)
            .Select(c =>
            {
                if (!c.DescribesPlace)
                {
                    // The owner's own levels for a quasi-identifier; the detectors still decide what the column is.
                    var levels = new ColumnRule(null, EntityForced: false, Grade: null, Operator: null) { Hierarchy = c.Hierarchy };
                    return (c.Name, levels, $"hierarchy [{string.Join(", ", c.Hierarchy!)}]");
                }
                var rule = PlaceRule(c);
                return (c.Name, rule, $"place, {rule.Entity ?? "none"}");
            }));

    /// <summary>
    /// The policy with rules for named columns added (the policy's own rule for a header wins), renamed and re-hashed
    /// so that a release's report names and fingerprints exactly the rules it was made under.
    /// </summary>
    public static MaskingPolicy WithColumnRules(
        MaskingPolicy policy, string source, IEnumerable<(string Column, ColumnRule Rule, string Description)> rules)
    {
        var added = rules.Where(r => !policy.Columns.ContainsKey(r.Column)).ToList();
        if (added.Count == 0)
        {
            return policy;
        }
        var columns = new Dictionary<string, ColumnRule>(policy.Columns, StringComparer.Ordinal);
        var described = new StringBuilder(policy.Sha256);
        foreach (var (name, rule, description) in added)
        {
            columns[name] = rule;
            described.Append('\n').Append(name).Append(": ").Append(description);
        }
        return policy with
        {
            Name = $"{policy.Name}+{source}",
            Columns = columns,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(described.ToString()))),
        };
    }

    private static ColumnRule PlaceRule(ColumnDefinition column) => column.Grade switch
    {
        DataGrade.General => new ColumnRule(Entity: null, EntityForced: true, Grade: null, Operator: null) { QuasiIdentifier = false },
        DataGrade.Important => new ColumnRule(column.Entity, EntityForced: true, Grade.Important, Operator: null) { QuasiIdentifier = false },
        _ => new ColumnRule(column.Entity, EntityForced: true, Grade.Core, Operator: null) { QuasiIdentifier = false },
    };
}
