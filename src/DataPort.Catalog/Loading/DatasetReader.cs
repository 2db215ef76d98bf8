using DataPort.Catalog.Generation;
using DataPort.Catalog.Model;
using YamlDotNet.RepresentationModel;

namespace DataPort.Catalog.Loading;

/// <summary>Reads and validates one datasets/*.yaml file.</summary>
internal static class DatasetReader
{
    public sealed record Context(IReadOnlyList<Organisation> Organisations);

    // Identity documents and bank cards are at least "important" under the public-data grading rules:
    // an owner may raise a grade, never mark these as general.
    private static readonly HashSet<string> NeverGeneral = new(StringComparer.Ordinal) { "cn_resident_id", "bank_card", "passport", "hk_macau_permit" };

    public static (DatasetDefinition, SourceMark)? Read(YamlNode root, string relativePath, ErrorSink errors, Context context)
    {
        var map = YamlMappingReader.From(root, "a dataset file", errors);
        if (map is null)
        {
            return null;
        }
        var failedBefore = ErrorCount(errors);
        var id = map.String("id");
        var title = Localized(map, "title");
        var description = Localized(map, "description");
        var owner = map.String("owner");
        var theme = map.String("theme");
        var frequency = map.String("update_frequency");
        var basis = map.String("basis");
        var seed = map.Integer("seed", min: 0, max: int.MaxValue);
        var columns = Columns(map, errors);
        var feeCap = FeeCap(map);
        var licences = Licences(map, errors, feeCap);
        map.Finish();

        if (id is not null)
        {
            if (!CatalogLoader.Slug().IsMatch(id))
            {
                errors.Add(map.MarkOf("id"), $"dataset id '{id}' must be lower-case words joined by '-' (e.g. bus-stops)");
            }
            else if (Path.GetFileNameWithoutExtension(errors.File) != id)
            {
                errors.Add(map.MarkOf("id"), $"dataset id '{id}' must match its file name ({Path.GetFileName(errors.File)})");
            }
        }
        if (owner is not null && context.Organisations.Count > 0 && !context.Organisations.Any(o => o.Name == owner && o.Kind != "merchant"))
        {
            errors.Add(map.MarkOf("owner"), $"owner '{owner}' is not a department listed in {CatalogLoader.OrganisationsFile}");
        }
        if (theme is not null && !Vocabulary.Themes.Contains(theme))
        {
            errors.Add(map.MarkOf("theme"), $"unknown theme '{theme}' (known: {string.Join(", ", Vocabulary.Themes)})");
        }
        if (frequency is not null && !Vocabulary.UpdateFrequencies.Contains(frequency))
        {
            errors.Add(map.MarkOf("update_frequency"), $"unknown update_frequency '{frequency}' (known: {string.Join(", ", Vocabulary.UpdateFrequencies)})");
        }
        var grade = columns.Count == 0 ? DataGrade.General : columns.Max(c => c.Grade);
        if (grade == DataGrade.Core)
        {
            foreach (var licence in licences.Where(l => l.Licence.Delivery == Delivery.Download))
            {
                errors.Add(licence.Mark, $"licence '{licence.Licence.Id}' allows download, but the dataset holds core-grade columns, which never leave the sandbox");
            }
        }
        if (ErrorCount(errors) > failedBefore || id is null || title is null || description is null || owner is null
            || theme is null || frequency is null || basis is null || seed is null || feeCap is null)
        {
            return null;
        }
        var dataset = new DatasetDefinition(id, title, description, owner, theme, frequency, basis, (int)seed,
            columns, feeCap, [.. licences.Select(l => l.Licence)], relativePath);
        return (dataset, map.MarkOf("id"));
    }

    private static int ErrorCount(ErrorSink errors) => errors.Count;

    private static LocalizedText? Localized(YamlMappingReader parent, string key)
    {
        var map = parent.Mapping(key);
        if (map is null)
        {
            return null;
        }
        var zh = map.String("zh");
        var en = map.String("en");
        map.Finish();
        return zh is null || en is null ? null : new LocalizedText(zh, en);
    }

    private static List<ColumnDefinition> Columns(YamlMappingReader parent, ErrorSink errors)
    {
        var result = new List<ColumnDefinition>();
        var earlier = new Dictionary<string, (ColumnType, string)>(StringComparer.Ordinal);
        foreach (var node in parent.Sequence("columns") ?? [])
        {
            var map = YamlMappingReader.From(node, "a column", errors);
            if (map is null)
            {
                continue;
            }
            var name = map.String("name");
            var en = map.String("en", required: false);
            var typeText = map.String("type");
            var entity = map.String("entity");
            var gradeText = map.String("grade");
            var subject = map.String("subject", required: false) ?? Vocabulary.PersonSubject;
            var hierarchy = map.Sequence("hierarchy", required: false)?.Select(n => (n as YamlScalarNode)?.Value ?? "").ToList();
            var generator = Generator(map, name);
            var noise = Noise(map);
            map.Finish();

            var type = new ColumnType(ColumnKind.String);
            var ok = name is not null && typeText is not null && entity is not null && gradeText is not null && generator is not null;
            if (typeText is not null && !ColumnType.TryParse(typeText, out type, out var problem))
            {
                errors.Add(map.MarkOf("type"), $"column '{name}': {problem}");
                ok = false;
            }
            if (entity is not null && entity != Vocabulary.NoEntity && !Vocabulary.Entities.Contains(entity))
            {
                errors.Add(map.MarkOf("entity"), $"column '{name}': unknown entity id '{entity}' (known: none, {string.Join(", ", Vocabulary.Entities)})");
                ok = false;
            }
            var grade = DataGrade.General;
            if (gradeText is not null && !DataGrades.TryParse(gradeText, out grade))
            {
                errors.Add(map.MarkOf("grade"), $"column '{name}': unknown grade '{gradeText}' (known: core, important, general)");
                ok = false;
            }
            else if (entity is not null && NeverGeneral.Contains(entity) && grade == DataGrade.General)
            {
                errors.Add(map.MarkOf("grade"), $"column '{name}': a {entity} column cannot be graded general");
                ok = false;
            }
            if (subject is not (Vocabulary.PersonSubject or Vocabulary.PlaceSubject))
            {
                errors.Add(map.MarkOf("subject"), $"column '{name}': unknown subject '{subject}' (known: person, place)");
                ok = false;
            }
            else if (subject == Vocabulary.PlaceSubject && entity is not null && !Vocabulary.PlaceEntities.Contains(entity))
            {
                errors.Add(map.MarkOf("subject"), $"column '{name}': only {string.Join(", ", Vocabulary.PlaceEntities)} columns can describe a place, not {entity}");
                ok = false;
            }
            if (hierarchy is not null && HierarchyProblem(entity, hierarchy) is { } hierarchyProblem)
            {
                errors.Add(map.MarkOf("hierarchy"), $"column '{name}': {hierarchyProblem}");
                ok = false;
            }
            if (name is not null && earlier.ContainsKey(name))
            {
                errors.Add(map.MarkOf("name"), $"duplicate column name '{name}'");
                ok = false;
            }
            if (!ok)
            {
                continue;
            }
            var column = new ColumnDefinition(name!, en, type, entity!, grade, generator!, noise)
            {
                DescribesPlace = subject == Vocabulary.PlaceSubject,
                Hierarchy = hierarchy,
            };
            if (GeneratorFactory.Create(column, earlier, errors) is not null)
            {
                result.Add(column);
            }
            earlier[name!] = (type, generator!.Kind);
        }
        return result;
    }

    private static GeneratorSpec? Generator(YamlMappingReader column, string? columnName)
    {
        var map = column.Mapping("generator");
        if (map is null)
        {
            return null;
        }
        var kind = map.String("kind");
        var parameters = new Dictionary<string, GeneratorParameter>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries())
        {
            if (key == "kind")
            {
                continue;
            }
            var mark = map.Errors.MarkOf(value);
            switch (value)
            {
                case YamlScalarNode scalar:
                    parameters[key] = new GeneratorParameter(key, scalar.Value ?? "", null, mark);
                    break;
                case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode):
                    parameters[key] = new GeneratorParameter(key, null, [.. sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "")], mark);
                    break;
                default:
                    map.Errors.Add(value, $"column '{columnName}': generator parameter '{key}' must be a value or a list of values");
                    break;
            }
        }
        return kind is null ? null : new GeneratorSpec(kind, parameters, map.Mark);
    }

    private static NoiseSpec Noise(YamlMappingReader column)
    {
        var map = column.Mapping("noise", required: false);
        if (map is null)
        {
            return NoiseSpec.None;
        }
        var blank = map.Number("blank", required: false, min: 0, max: 1) ?? 0;
        var variant = map.Number("variant", required: false, min: 0, max: 1) ?? 0;
        var fullWidth = map.Number("full_width", required: false, min: 0, max: 1) ?? 0;
        map.Finish();
        if (blank + variant > 1)
        {
            map.Errors.Add(map.Mark, "noise: blank + variant must not exceed 1");
        }
        return new NoiseSpec(blank, variant, fullWidth);
    }

    private static FeeCap? FeeCap(YamlMappingReader parent)
    {
        var map = parent.Mapping("fee_cap");
        if (map is null)
        {
            return null;
        }
        var oneOff = map.Integer("one_off_fen", min: 0);
        var monthly = map.Integer("subscription_monthly_fen", min: 0);
        var perQuery = map.Integer("per_query_fen", min: 0);
        map.Finish();
        return oneOff is null || monthly is null || perQuery is null ? null : new FeeCap(oneOff.Value, monthly.Value, perQuery.Value);
    }

    private static List<(LicenceOption Licence, SourceMark Mark)> Licences(YamlMappingReader parent, ErrorSink errors, FeeCap? cap)
    {
        var result = new List<(LicenceOption, SourceMark)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in parent.Sequence("licences") ?? [])
        {
            var map = YamlMappingReader.From(node, "a licence option", errors);
            if (map is null)
            {
                continue;
            }
            var id = map.String("id");
            var purposeLimited = map.Boolean("purpose_limited");
            // The domain caps a licence at 3 × 366 days; 36 months (1,096 days) is the longest that fits.
            var term = map.Integer("term_months", min: 1, max: 36);
            var deliveryText = map.String("delivery");
            var aggregateOnly = map.Boolean("aggregate_only");
            var price = Price(map, id);
            var privacy = Privacy(map, id, aggregateOnly);
            map.Finish();

            Delivery? delivery = deliveryText switch
            {
                "sandbox-only" => Delivery.SandboxOnly,
                "download" => Delivery.Download,
                null => null,
                _ => Unknown(map, deliveryText),
            };
            if (id is not null && !CatalogLoader.Slug().IsMatch(id))
            {
                errors.Add(map.MarkOf("id"), $"licence id '{id}' must be lower-case words joined by '-'");
            }
            if (id is not null && !ids.Add(id))
            {
                errors.Add(map.MarkOf("id"), $"duplicate licence id '{id}'");
            }
            if (delivery == Delivery.Download && aggregateOnly == true)
            {
                errors.Add(map.MarkOf("aggregate_only"), $"licence '{id}': an aggregate-only licence cannot allow download, which hands out row-level data");
            }
            if (price is not null && cap?.CapFor(price) is { } limit && price.AmountFen > limit)
            {
                errors.Add(map.MarkOf("price"),
                    $"licence '{id}': price {price.AmountFen} fen ({price.Model.ToId()}) is above the operator's fee cap of {limit} fen for public data");
            }
            if (id is not null && purposeLimited is not null && term is not null && delivery is not null && aggregateOnly is not null && price is not null)
            {
                result.Add((new LicenceOption(id, purposeLimited.Value, (int)term.Value, delivery.Value, aggregateOnly.Value, price, privacy), map.Mark));
            }
        }
        return result;
    }

    private static Delivery? Unknown(YamlMappingReader map, string text)
    {
        map.Errors.Add(map.MarkOf("delivery"), $"unknown delivery '{text}' (known: sandbox-only, download)");
        return null;
    }

    /// <summary>The optional <c>privacy: {epsilon, period_days}</c> of an aggregate-only licence (docs/privacy.md).</summary>
    private static PrivacyBudget? Privacy(YamlMappingReader licence, string? licenceId, bool? aggregateOnly)
    {
        if (licence.Node("privacy", required: false) is null)
        {
            return null;
        }
        var map = licence.Mapping("privacy");
        if (map is null)
        {
            return null;
        }
        if (aggregateOnly == false)
        {
            licence.Errors.Add(licence.MarkOf("privacy"), $"licence '{licenceId}': a privacy budget applies to aggregate-only licences only");
        }
        var epsilon = map.Number("epsilon", min: 0.01, max: 100);
        var periodDays = map.Integer("period_days", min: 1, max: 366);
        map.Finish();
        return epsilon is null || periodDays is null ? null : new PrivacyBudget(epsilon.Value, (int)periodDays.Value);
    }

    private static Price? Price(YamlMappingReader licence, string? licenceId)
    {
        var map = licence.Mapping("price");
        if (map is null)
        {
            return null;
        }
        var modelText = map.String("model");
        PriceModel? model = modelText switch
        {
            "free" => PriceModel.Free,
            "one-off" => PriceModel.OneOff,
            "subscription" => PriceModel.Subscription,
            "per-query" => PriceModel.PerQuery,
            _ => null,
        };
        if (modelText is not null && model is null)
        {
            map.Errors.Add(map.MarkOf("model"), $"licence '{licenceId}': unknown price model '{modelText}' (known: free, one-off, subscription, per-query)");
        }
        long? amount = null;
        int? period = null;
        if (model is PriceModel.Free)
        {
            // A free licence has nothing to charge; an amount here is a mistake, not a default.
            _ = map.Integer("amount_fen", required: false, min: 0, max: 0);
        }
        else if (model is not null)
        {
            amount = map.Integer("amount_fen", min: 1);
            if (model is PriceModel.Subscription)
            {
                period = (int?)map.Integer("period_months", min: 1, max: 60);
            }
        }
        map.Finish();
        return model switch
        {
            PriceModel.Free => Model.Price.Free,
            PriceModel.Subscription when amount is not null && period is not null => new Price(PriceModel.Subscription, amount.Value, period.Value),
            PriceModel.OneOff or PriceModel.PerQuery when amount is not null => new Price(model.Value, amount.Value, 0),
            _ => null,
        };
    }

    /// <summary>Why the levels cannot be a generalisation hierarchy for the column's entity; null when they can.</summary>
    private static string? HierarchyProblem(string? entity, IReadOnlyList<string> levels)
    {
        try
        {
            DataPort.Privacy.Generalisation.Hierarchies.Create(entity == Vocabulary.NoEntity ? null : entity, levels);
            return null;
        }
        catch (DataPort.Privacy.Generalisation.HierarchyException e)
        {
            return e.Message;
        }
    }
}
