using System.Globalization;
using DataPort.Catalog.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DataPort.Catalog.Loading;

/// <summary>
/// Reads one YAML mapping strictly: each key is taken at most once, required keys must be there, scalars
/// must have the right type, and <see cref="Finish"/> reports every key nobody asked for. Working on the
/// representation model (not a deserializer) keeps a mark on every node, so each error has a line.
/// </summary>
internal sealed class YamlMappingReader
{
    private readonly YamlMappingNode node;
    private readonly string what;
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    public YamlMappingReader(YamlMappingNode node, string what, ErrorSink errors)
    {
        this.node = node;
        this.what = what;
        Errors = errors;
    }

    public ErrorSink Errors { get; }

    public SourceMark Mark => Errors.MarkOf(node);

    /// <summary>A node as a mapping, or null (with an error) when it is something else.</summary>
    public static YamlMappingReader? From(YamlNode node, string what, ErrorSink errors)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlMappingReader(mapping, what, errors);
        }
        errors.Add(node, $"{what} must be a mapping (key: value pairs)");
        return null;
    }

    /// <summary>Where a key's value was written (or the mapping itself when the key is absent).</summary>
    public SourceMark MarkOf(string key)
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode scalar && scalar.Value == key)
            {
                return Errors.MarkOf(v);
            }
        }
        return Mark;
    }

    public YamlNode? Node(string key, bool required)
    {
        taken.Add(key);
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode scalar && scalar.Value == key)
            {
                return v;
            }
        }
        if (required)
        {
            Errors.Add(node, $"{what} is missing the required key '{key}'");
        }
        return null;
    }

    public string? String(string key, bool required = true)
    {
        var value = Node(key, required);
        if (value is null)
        {
            return null;
        }
        if (value is not YamlScalarNode scalar || scalar.Value is null)
        {
            Errors.Add(value, $"'{key}' in {what} must be a text value");
            return null;
        }
        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Errors.Add(value, $"'{key}' in {what} must not be empty");
            return null;
        }
        return scalar.Value;
    }

    public long? Integer(string key, bool required = true, long min = long.MinValue, long max = long.MaxValue)
    {
        var value = Node(key, required);
        if (value is null)
        {
            return null;
        }
        if (value is not YamlScalarNode { Style: ScalarStyle.Plain } scalar
            || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            Errors.Add(value, $"'{key}' in {what} must be an integer, not {Describe(value)}");
            return null;
        }
        if (number < min || number > max)
        {
            Errors.Add(value, $"'{key}' in {what} must be between {min} and {max}, not {number}");
            return null;
        }
        return number;
    }

    public double? Number(string key, bool required = true, double min = double.MinValue, double max = double.MaxValue)
    {
        var value = Node(key, required);
        if (value is null)
        {
            return null;
        }
        if (value is not YamlScalarNode { Style: ScalarStyle.Plain } scalar
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            Errors.Add(value, $"'{key}' in {what} must be a number, not {Describe(value)}");
            return null;
        }
        if (number < min || number > max)
        {
            Errors.Add(value, $"'{key}' in {what} must be between {min} and {max}, not {number}");
            return null;
        }
        return number;
    }

    public bool? Boolean(string key, bool required = true)
    {
        var value = Node(key, required);
        if (value is null)
        {
            return null;
        }
        if (value is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }
        Errors.Add(value, $"'{key}' in {what} must be true or false, not {Describe(value)}");
        return null;
    }

    public YamlMappingReader? Mapping(string key, bool required = true)
    {
        var value = Node(key, required);
        return value is null ? null : From(value, $"'{key}' in {what}", Errors);
    }

    public IReadOnlyList<YamlNode>? Sequence(string key, bool required = true)
    {
        var value = Node(key, required);
        if (value is null)
        {
            return null;
        }
        if (value is not YamlSequenceNode sequence)
        {
            Errors.Add(value, $"'{key}' in {what} must be a list");
            return null;
        }
        if (required && sequence.Children.Count == 0)
        {
            Errors.Add(value, $"'{key}' in {what} must not be empty");
        }
        return [.. sequence.Children];
    }

    /// <summary>Every key of the mapping (for open-ended mappings such as generator parameters).</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries()
    {
        foreach (var (k, v) in node.Children)
        {
            if (k is YamlScalarNode { Value: { } key })
            {
                taken.Add(key);
                yield return (key, v);
            }
        }
    }

    /// <summary>Reports the keys nobody read: a typo such as 'ownr' must not pass silently.</summary>
    public void Finish()
    {
        foreach (var (k, _) in node.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "?";
            if (!taken.Contains(key))
            {
                Errors.Add(k, $"unknown key '{key}' in {what}");
            }
        }
    }

    internal static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain } s => $"'{s.Value}'",
        YamlScalarNode s => $"the quoted text '{s.Value}'",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };
}
