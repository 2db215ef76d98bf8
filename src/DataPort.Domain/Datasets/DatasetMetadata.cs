using DataPort.Domain.Common;

namespace DataPort.Domain.Datasets;

/// <summary>The 公共数据开发目录 entry's descriptive part, bilingual as the catalog is.</summary>
public sealed record DatasetMetadata(
    LocalizedText Title,
    LocalizedText Description,
    string Theme,
    string OwnerDepartment,
    UpdateFrequency UpdateFrequency)
{
    internal void Validate()
    {
        Title.Validate("title");
        Description.Validate("description", TextLimits.Description);
        Guard.Required(Theme, "theme");
        Guard.Required(OwnerDepartment, "ownerDepartment");
    }
}

/// <summary>How often a dataset is refreshed, as the catalog names it. Numbered: stored events hold the numbers.</summary>
public enum UpdateFrequency
{
    Realtime = 0,
    Hourly = 7,
    Daily = 1,
    Weekly = 2,
    Monthly = 3,
    Quarterly = 4,
    Yearly = 5,
    Irregular = 6,
}

/// <summary>
/// A column with its classification: grade 1 (public) to 4 (core) as in the 数据分类分级 rules, and whether
/// it holds personal or sensitive personal information (which decides its masking).
/// </summary>
public sealed record DatasetColumn(string Name, string Type, int Grade, bool Personal, bool Sensitive)
{
    public const int LowestGrade = 1;
    public const int HighestGrade = 4;
}

/// <summary>One masked release: what the privacy pipeline wrote, traceable to its run and its source (lineage).</summary>
public sealed record DatasetVersion(
    int Number, string ContentHash, long RowCount, string PipelineRunId, DateTimeOffset ReleasedAt, VersionLineage? Lineage = null);

/// <summary>The regulator's freeze; the publication status underneath is kept so resuming restores it.</summary>
public sealed record Suspension(string Reason, string SuspendedBy, DateTimeOffset SuspendedAt);
