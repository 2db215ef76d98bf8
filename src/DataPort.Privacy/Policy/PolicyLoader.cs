using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using DataPort.Privacy.Detection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataPort.Privacy.Policy;

/// <summary>
/// Reads a policy strictly: an unknown or misspelt key is an error that names the key and its line,
/// because a typo in a masking policy would otherwise silently leave a column unmasked.
/// </summary>
public static class PolicyLoader
{
    private const string DefaultResource = "DataPort.Privacy.Policies.default.yaml";

    private static readonly string[] TopKeys = ["name", "version", "description", "classification", "grades", "entities", "columns", "hierarchies", "risk"];
    private static readonly string[] ClassificationKeys = ["sample_size", "min_confidence", "free_text_min_share", "header_boost", "header_penalty"];
    private static readonly string[] OperatorKeys = ["operator", "keep_first", "keep_last", "mask_char", "replacement", "length", "to", "band", "decimals"];
    private static readonly string[] EntityKeys = ["grade", .. OperatorKeys];
    private static readonly string[] ColumnKeys = ["entity", "quasi_identifier", "sensitive_attribute", "hierarchy", "level", .. EntityKeys];
    private static readonly string[] RiskKeys = ["k", "l", "quasi_identifiers", "sensitive_attributes", "max_suppression", "on_risk"];

    public static MaskingPolicy LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyException($"cannot read policy {path}: {e.Message}");
        }
        return Load(bytes, Path.GetFileName(path));
    }

    /// <summary>The default policy (catalogs/policies/default.yaml), embedded so it works from any directory.</summary>
    public static MaskingPolicy LoadDefault()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"resource {DefaultResource} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Load(memory.ToArray(), "default.yaml");
    }

    public static MaskingPolicy Load(byte[] yaml, string source)
    {
        var context = new Context(source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Encoding.UTF8.GetString(yaml)));
        }
        catch (YamlException e)
        {
            throw new PolicyException($"{source}: line {e.Start.Line}: {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PolicyException($"{source}: a policy is one YAML mapping (name, grades, entities, risk …)");
        }
        context.CheckKeys(root, TopKeys, "policy");
        var name = context.RequiredString(root, "name");
        var classification = ReadClassification(context, context.Mapping(root, "classification"));
        var grades = ReadGrades(context, context.Mapping(root, "grades"));
        var entities = ReadEntities(context, context.Mapping(root, "entities"));
        var columns = ReadColumns(context, context.Mapping(root, "columns"));
        var risk = ReadRisk(context, context.Mapping(root, "risk"));
        var hierarchies = ReadHierarchies(context, context.Mapping(root, "hierarchies"), columns);
        return new MaskingPolicy(name, entities, grades, columns, classification, risk, Convert.ToHexStringLower(SHA256.HashData(yaml)))
        {
            Hierarchies = hierarchies,
        };
    }

    private static ClassificationSettings ReadClassification(Context context, YamlMappingNode? node)
    {
        var defaults = new ClassificationSettings();
        if (node is null)
        {
            return defaults;
        }
        context.CheckKeys(node, ClassificationKeys, "classification");
        return new ClassificationSettings(
            context.Int(node, "sample_size", defaults.SampleSize, 1, 10_000_000),
            context.Double(node, "min_confidence", defaults.MinConfidence),
            context.Double(node, "free_text_min_share", defaults.FreeTextMinShare),
            context.Double(node, "header_boost", defaults.HeaderBoost),
            context.Double(node, "header_penalty", defaults.HeaderPenalty));
    }

    private static Dictionary<Grade, OperatorSpec> ReadGrades(Context context, YamlMappingNode? node)
    {
        var result = new Dictionary<Grade, OperatorSpec>
        {
            [Grade.Core] = OperatorSpec.Suppress,
            [Grade.Important] = new(OperatorKind.Redact),
            [Grade.General] = OperatorSpec.Keep,
        };
        if (node is null)
        {
            return result;
        }
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!Grades.TryParse(key, out var grade))
            {
                throw context.Error(keyNode, $"unknown grade '{key}' (grades are core, important, general)");
            }
            var mapping = context.AsMapping(valueNode, $"grades.{key}");
            context.CheckKeys(mapping, OperatorKeys, $"grades.{key}");
            var spec = context.Operator(mapping, $"grades.{key}", null) ?? throw context.Error(valueNode, $"grades.{key} needs an operator");
            if (grade == Grade.Core && spec.Kind != OperatorKind.Suppress)
            {
                throw context.Error(valueNode, "core data never leaves the port: grades.core.operator must be suppress");
            }
            result[grade] = spec;
        }
        return result;
    }

    private static Dictionary<string, EntityRule> ReadEntities(Context context, YamlMappingNode? node)
    {
        var result = new Dictionary<string, EntityRule>();
        if (node is null)
        {
            return result;
        }
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var entity = ((YamlScalarNode)keyNode).Value ?? "";
            if (!EntityIds.All.Contains(entity))
            {
                throw context.Error(keyNode, $"unknown entity '{entity}' (known: {string.Join(", ", EntityIds.All)})");
            }
            var path = $"entities.{entity}";
            var mapping = context.AsMapping(valueNode, path);
            context.CheckKeys(mapping, EntityKeys, path);
            var grade = context.ReadGrade(mapping, path) ?? throw context.Error(valueNode, $"{path} needs a grade (core, important, general)");
            var spec = context.Operator(mapping, path, entity);
            context.CheckCore(grade, spec, valueNode, path);
            result[entity] = new EntityRule(grade, spec);
        }
        return result;
    }

    private static Dictionary<string, ColumnRule> ReadColumns(Context context, YamlMappingNode? node)
    {
        var result = new Dictionary<string, ColumnRule>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var column = ((YamlScalarNode)keyNode).Value ?? "";
            var path = $"columns.{column}";
            var mapping = context.AsMapping(valueNode, path);
            context.CheckKeys(mapping, ColumnKeys, path);
            var entityText = context.OptionalString(mapping, "entity");
            if (entityText is not null && entityText != "none" && !EntityIds.All.Contains(entityText))
            {
                throw context.Error(mapping.Children[new YamlScalarNode("entity")], $"unknown entity '{entityText}' in {path}");
            }
            var entity = entityText == "none" ? null : entityText;
            var grade = context.ReadGrade(mapping, path);
            var spec = context.Operator(mapping, path, entity);
            if (grade is { } g)
            {
                context.CheckCore(g, spec, valueNode, path);
            }
            var hierarchy = context.StringList(mapping, "hierarchy", $"{path}.hierarchy");
            if (hierarchy is not null)
            {
                context.CheckHierarchy(entity, hierarchy, mapping.Children[new YamlScalarNode("hierarchy")], $"{path}.hierarchy");
            }
            result[column] = new ColumnRule(entity, entityText is not null, grade, spec)
            {
                QuasiIdentifier = context.OptionalBool(mapping, "quasi_identifier"),
                SensitiveAttribute = context.OptionalBool(mapping, "sensitive_attribute"),
                Hierarchy = hierarchy,
                Level = context.OptionalString(mapping, "level"),
            };
        }
        return result;
    }

    private static RiskSettings ReadRisk(Context context, YamlMappingNode? node)
    {
        if (node is null)
        {
            return new RiskSettings(1, [], OnRisk.Fail);
        }
        context.CheckKeys(node, RiskKeys, "risk");
        var k = context.Int(node, "k", 1, 1, 1_000_000);
        var quasi = context.StringList(node, "quasi_identifiers", "risk.quasi_identifiers") ?? [];
        var onRisk = context.OptionalString(node, "on_risk") switch
        {
            null or "fail" => OnRisk.Fail,
            "suppress-rows" => OnRisk.SuppressRows,
            var other => throw context.Error(node.Children[new YamlScalarNode("on_risk")], $"risk.on_risk is fail or suppress-rows, not '{other}'"),
        };
        return new RiskSettings(k, quasi, onRisk)
        {
            L = context.Int(node, "l", 1, 1, 1000),
            SensitiveAttributes = context.StringList(node, "sensitive_attributes", "risk.sensitive_attributes") ?? [],
            MaxSuppression = context.Double(node, "max_suppression", 0.05),
        };
    }

    /// <summary>Levels by entity id or column name; each is built once here so a mistake fails the load, not a release.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ReadHierarchies(Context context, YamlMappingNode? node, Dictionary<string, ColumnRule> columns)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (node is null)
        {
            return result;
        }
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var path = $"hierarchies.{key}";
            var levels = context.StringList(node, key, path)!;
            var entity = EntityIds.All.Contains(key) ? key : columns.TryGetValue(key, out var rule) ? rule.Entity : null;
            context.CheckHierarchy(entity, levels, valueNode, path);
            result[key] = levels;
        }
        return result;
    }

    private sealed class Context(string source)
    {
        public PolicyException Error(YamlNode node, string message) =>
            new($"{source}: line {node.Start.Line}, column {node.Start.Column}: {message}");

        public void CheckKeys(YamlMappingNode node, string[] allowed, string path)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name is null || !allowed.Contains(name))
                {
                    throw Error(key, $"unknown key '{name}' in {path} (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        public List<string>? StringList(YamlMappingNode node, string key, string path)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var list))
            {
                return null;
            }
            if (list is not YamlSequenceNode sequence)
            {
                throw Error(list, $"{path} is a list");
            }
            return [.. sequence.Children.Select(item => (item as YamlScalarNode)?.Value is { Length: > 0 } text ? text : throw Error(item, $"{path} items are single words"))];
        }

        public void CheckHierarchy(string? entity, IReadOnlyList<string> levels, YamlNode node, string path)
        {
            try
            {
                Generalisation.Hierarchies.Create(entity, levels);
            }
            catch (Generalisation.HierarchyException e)
            {
                throw Error(node, $"{path}: {e.Message}");
            }
        }

        public YamlMappingNode? Mapping(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? AsMapping(value, key) : null;

        public YamlMappingNode AsMapping(YamlNode node, string path) =>
            node as YamlMappingNode ?? throw Error(node, $"{path} must be a mapping");

        public string? OptionalString(YamlMappingNode node, string key)
        {
            if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return null;
            }
            return (value as YamlScalarNode)?.Value ?? throw Error(value, $"'{key}' must be a single value");
        }

        public bool? OptionalBool(YamlMappingNode node, string key) => OptionalString(node, key) switch
        {
            null => null,
            "true" => true,
            "false" => false,
            var text => throw Error(node.Children[new YamlScalarNode(key)], $"'{key}' must be true or false, not '{text}'"),
        };

        public string RequiredString(YamlMappingNode node, string key) =>
            OptionalString(node, key) is { Length: > 0 } text ? text : throw Error(node, $"the policy needs a '{key}'");

        public int Int(YamlMappingNode node, string key, int fallback, int min, int max)
        {
            var text = OptionalString(node, key);
            if (text is null)
            {
                return fallback;
            }
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw Error(node.Children[new YamlScalarNode(key)], $"'{key}' must be a whole number from {min} to {max}, not '{text}'");
            }
            return value;
        }

        public double Double(YamlMappingNode node, string key, double fallback)
        {
            var text = OptionalString(node, key);
            if (text is null)
            {
                return fallback;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 1)
            {
                throw Error(node.Children[new YamlScalarNode(key)], $"'{key}' must be a number from 0 to 1, not '{text}'");
            }
            return value;
        }

        public Grade? ReadGrade(YamlMappingNode node, string path)
        {
            var text = OptionalString(node, "grade");
            if (text is null)
            {
                return null;
            }
            return Grades.TryParse(text, out var grade)
                ? grade
                : throw Error(node.Children[new YamlScalarNode("grade")], $"{path}.grade is core, important or general, not '{text}'");
        }

        public void CheckCore(Grade grade, OperatorSpec? spec, YamlNode node, string path)
        {
            if (grade == Grade.Core && spec is not null && spec.Kind != OperatorKind.Suppress)
            {
                throw Error(node, $"{path} is core data, which never leaves the port: its operator must be suppress");
            }
        }

        public OperatorSpec? Operator(YamlMappingNode node, string path, string? entity)
        {
            var text = OptionalString(node, "operator");
            if (text is null)
            {
                foreach (var parameter in OperatorKeys.Skip(1))
                {
                    if (node.Children.ContainsKey(new YamlScalarNode(parameter)))
                    {
                        throw Error(node, $"{path}.{parameter} is given without an operator");
                    }
                }
                return null;
            }
            var kind = text switch
            {
                "keep" => OperatorKind.Keep,
                "redact" => OperatorKind.Redact,
                "partial" => OperatorKind.Partial,
                "pseudonym" => OperatorKind.Pseudonym,
                "generalise" or "generalize" => OperatorKind.Generalise,
                "suppress" => OperatorKind.Suppress,
                "replace_spans" => OperatorKind.ReplaceSpans,
                _ => throw Error(node.Children[new YamlScalarNode("operator")],
                    $"{path}.operator '{text}' is not one of keep, redact, partial, pseudonym, generalise, suppress, replace_spans"),
            };
            var mask = OptionalString(node, "mask_char");
            var spec = new OperatorSpec(kind)
            {
                KeepFirst = Int(node, "keep_first", 0, 0, 64),
                KeepLast = Int(node, "keep_last", 0, 0, 64),
                MaskChar = mask is { Length: 1 } ? mask[0] : mask is null ? '*' : throw Error(node, $"{path}.mask_char is one character"),
                Replacement = OptionalString(node, "replacement") ?? "***",
                Length = Int(node, "length", 16, 8, 64),
                Band = Int(node, "band", 10, 1, 100),
                Decimals = Int(node, "decimals", 2, 0, 6),
                To = GeneraliseTarget(node, path, kind, entity),
            };
            return spec;
        }

        private GeneraliseTo? GeneraliseTarget(YamlMappingNode node, string path, OperatorKind kind, string? entity)
        {
            var text = OptionalString(node, "to");
            if (kind != OperatorKind.Generalise)
            {
                return text is null ? null : throw Error(node.Children[new YamlScalarNode("to")], $"{path}.to only applies to operator generalise");
            }
            GeneraliseTo? to = text switch
            {
                null => entity switch
                {
                    EntityIds.DateOfBirth => GeneraliseTo.AgeBand,
                    EntityIds.Address => GeneraliseTo.District,
                    EntityIds.GeoCoordinate => GeneraliseTo.Grid,
                    EntityIds.IpAddress => GeneraliseTo.IpPrefix,
                    _ => null,
                },
                "year" => GeneraliseTo.Year,
                "month" => GeneraliseTo.Month,
                "age_band" => GeneraliseTo.AgeBand,
                "district" => GeneraliseTo.District,
                "grid" => GeneraliseTo.Grid,
                "ip_prefix" => GeneraliseTo.IpPrefix,
                _ => throw Error(node.Children[new YamlScalarNode("to")], $"{path}.to is year, month, age_band, district, grid or ip_prefix, not '{text}'"),
            };
            return to ?? throw Error(node, $"{path}: generalise needs 'to' (year, month, age_band, district, grid, ip_prefix) for this entity");
        }
    }
}
