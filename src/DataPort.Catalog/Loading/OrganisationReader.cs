using DataPort.Catalog.Identifiers;
using DataPort.Catalog.Model;
using YamlDotNet.RepresentationModel;

namespace DataPort.Catalog.Loading;

/// <summary>Reads organisations.yaml: the departments that own datasets and the data merchants.</summary>
internal static class OrganisationReader
{
    public static List<Organisation> Read(YamlNode root, ErrorSink errors)
    {
        var result = new List<Organisation>();
        var file = YamlMappingReader.From(root, "the organisations file", errors);
        var items = file?.Sequence("organisations");
        file?.Finish();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var map = YamlMappingReader.From(item, "an organisation", errors);
            if (map is null)
            {
                continue;
            }
            var id = map.String("id");
            var name = map.String("name");
            var en = map.String("en");
            var kind = map.String("kind");
            var uscc = map.String("uscc");
            map.Finish();
            if (id is not null && !CatalogLoader.Slug().IsMatch(id))
            {
                errors.Add(map.MarkOf("id"), $"organisation id '{id}' must be lower-case words joined by '-'");
            }
            if (id is not null && !ids.Add(id))
            {
                errors.Add(map.MarkOf("id"), $"duplicate organisation id '{id}'");
            }
            if (name is not null && !names.Add(name))
            {
                errors.Add(map.MarkOf("name"), $"duplicate organisation name '{name}'");
            }
            if (kind is not null && !Vocabulary.OrganisationKinds.Contains(kind))
            {
                errors.Add(map.MarkOf("kind"), $"unknown organisation kind '{kind}' (known: {string.Join(", ", Vocabulary.OrganisationKinds)})");
            }
            if (uscc is not null && !CreditCode.IsValid(uscc))
            {
                errors.Add(map.MarkOf("uscc"), $"'{uscc}' is not a valid unified social credit code (GB 32100 check characters)");
            }
            if (id is not null && name is not null && en is not null && kind is not null && uscc is not null)
            {
                result.Add(new Organisation(id, name, en, kind, uscc));
            }
        }
        return result;
    }
}
