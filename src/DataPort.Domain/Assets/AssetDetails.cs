using DataPort.Domain.Common;

namespace DataPort.Domain.Assets;

/// <summary>What the owner declares about a data asset; submitted once, replaced whole by an amendment.</summary>
public sealed record AssetDetails(
    LocalizedText Title,
    string Description,
    string SourceDepartment,
    IReadOnlyList<string> DataCategories,
    string LegalBasis,
    IReadOnlyList<AssetColumn> Schema)
{
    internal void Validate()
    {
        Title.Validate("title");
        Guard.Bounded(Description, "description", TextLimits.Description);
        Guard.Required(SourceDepartment, "sourceDepartment");
        Guard.NotEmpty(DataCategories, "dataCategories");
        // Processing public data needs a stated legal basis (数据安全法 art. 32; 个人信息保护法 art. 13).
        Guard.Required(LegalBasis, "legalBasis", TextLimits.Description);
        Guard.NotEmpty(Schema, "schema");
        foreach (var column in Schema)
        {
            Guard.Required(column.Name, "schema[].name");
            Guard.Required(column.Type, $"schema[{column.Name}].type");
            Guard.Bounded(column.Description, $"schema[{column.Name}].description");
        }
        Guard.Unique(Schema.Select(c => c.Name), "schema");
    }
}

public sealed record AssetColumn(string Name, string Type, string? Description = null);
