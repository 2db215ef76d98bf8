using System.Globalization;
using System.Text;

namespace DataPort.Catalog.Generation;

/// <summary>Row numbers with a prefix: record numbers, line numbers, station ids.</summary>
internal sealed class SequenceGenerator(string prefix, long start, long step, int width) : ValueGenerator
{
    public override string Next(Random random, RowContext row) =>
        prefix + (start + (row.Row * step)).ToString(new string('0', Math.Max(width, 1)), CultureInfo.InvariantCulture);
}

/// <summary>One of a fixed list of values, optionally weighted.</summary>
internal sealed class ChoiceGenerator : ValueGenerator
{
    private readonly IReadOnlyList<string> values;
    private readonly long[] cumulative;

    public ChoiceGenerator(IReadOnlyList<string> values, IReadOnlyList<long>? weights)
    {
        this.values = values;
        cumulative = new long[values.Count];
        long total = 0;
        for (var i = 0; i < values.Count; i++)
        {
            total += weights?[i] ?? 1;
            cumulative[i] = total;
        }
    }

    public override string Next(Random random, RowContext row)
    {
        var roll = random.NextInt64(cumulative[^1]);
        var index = Array.BinarySearch(cumulative, roll + 1);
        return values[index >= 0 ? index : ~index];
    }

    // Hand-keyed exports carry stray spaces around category words.
    public override string Variant(string value, Random random) => random.Next(2) == 0 ? value + " " : " " + value;
}

/// <summary>
/// Text from templates with placeholders, e.g. "{road}{int:1-300}号 {name} {mobile}" — for identifiers with
/// structure and for free text that mentions people the way complaint records do.
/// </summary>
internal sealed class TemplateGenerator(IReadOnlyList<string> templates) : ValueGenerator
{
    public static readonly IReadOnlySet<string> Placeholders = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "mobile", "landline", "plate", "address", "road", "district", "street", "district_street", "id", "company",
        "digits", "letters", "int", "choice",
    };

    public override string Next(Random random, RowContext row)
    {
        var template = Pick(random, templates);
        var text = new StringBuilder(template.Length + 16);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            var close = template.IndexOf('}', open);
            text.Append(template, i, open - i);
            text.Append(Expand(template.AsSpan(open + 1, close - open - 1).ToString(), random));
            i = close + 1;
        }
        return text.ToString();
    }

    private static string Expand(string placeholder, Random random)
    {
        var colon = placeholder.IndexOf(':');
        var name = colon < 0 ? placeholder : placeholder[..colon];
        var argument = colon < 0 ? "" : placeholder[(colon + 1)..];
        var district = Pick(random, Xiamen.Districts);
        return name switch
        {
            "name" => PersonNameGenerator.Create(random),
            "mobile" => MobileGenerator.Create(random),
            "landline" => LandlineGenerator.Create(random),
            "plate" => PlateGenerator.Create(random, 0.2),
            "address" => AddressGenerator.Create(random, district),
            "road" => Pick(random, district.Roads),
            "district" => district.Name,
            "street" => district.Streets[random.Next(district.Streets.Count)] + "街道",
            "district_street" => district.Name + district.Streets[random.Next(district.Streets.Count)] + "街道",
            "id" => ResidentIdGenerator.Create(random, [district.Code], 18, 70),
            "company" => CompanyNameGenerator.Create(random),
            "digits" => Digits(random, int.Parse(argument, CultureInfo.InvariantCulture)),
            "letters" => Letters(random, int.Parse(argument, CultureInfo.InvariantCulture)),
            "int" => RangeValue(argument, random),
            _ => Pick(random, argument.Split('|')),
        };
    }

    private static string Letters(Random random, int count)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }
        return new string(chars);
    }

    private static string RangeValue(string argument, Random random)
    {
        var dash = argument.IndexOf('-');
        var min = long.Parse(argument[..dash], CultureInfo.InvariantCulture);
        var max = long.Parse(argument[(dash + 1)..], CultureInfo.InvariantCulture);
        return random.NextInt64(min, max + 1).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The problem with a template, or null when every placeholder is known and well-formed.</summary>
    public static string? Check(string template)
    {
        var i = 0;
        while ((i = template.IndexOf('{', i)) >= 0)
        {
            var close = template.IndexOf('}', i);
            if (close < 0)
            {
                return $"template '{template}' has an unclosed '{{'";
            }
            var placeholder = template[(i + 1)..close];
            var colon = placeholder.IndexOf(':');
            var name = colon < 0 ? placeholder : placeholder[..colon];
            var argument = colon < 0 ? "" : placeholder[(colon + 1)..];
            if (!Placeholders.Contains(name))
            {
                return $"template '{template}' uses the unknown placeholder '{{{name}}}' (known: {string.Join(", ", Placeholders.Order())})";
            }
            var ok = name switch
            {
                "digits" or "letters" => int.TryParse(argument, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 32,
                "int" => argument.Split('-') is [var a, var b]
                    && long.TryParse(a, CultureInfo.InvariantCulture, out var lo)
                    && long.TryParse(b, CultureInfo.InvariantCulture, out var hi) && lo <= hi,
                "choice" => argument.Length > 0,
                _ => argument.Length == 0,
            };
            if (!ok)
            {
                return $"template '{template}': '{{{placeholder}}}' is malformed (use {{digits:N}}, {{letters:N}}, {{int:MIN-MAX}}, {{choice:a|b}})";
            }
            i = close + 1;
        }
        return null;
    }
}

internal sealed class PersonNameGenerator : ValueGenerator
{
    public static string Create(Random random)
    {
        var surname = Pick(random, Xiamen.Surnames);
        var given = Pick(random, Xiamen.GivenNameCharacters);
        // About two in three modern names have two given characters.
        return random.Next(3) == 0 ? surname + given : surname + given + Pick(random, Xiamen.GivenNameCharacters);
    }

    public override string Next(Random random, RowContext row) => Create(random);

    // Some systems store names with a middle dot or a space when keyed from ID card readers.
    public override string Variant(string value, Random random) => value.Length > 1 ? value[..1] + " " + value[1..] : value;
}

internal sealed class CompanyNameGenerator : ValueGenerator
{
    public static string Create(Random random) =>
        "厦门" + Pick(random, Xiamen.CompanyWords) + Pick(random, Xiamen.CompanyTrades) + Pick(random, Xiamen.CompanyForms);

    public override string Next(Random random, RowContext row) => Create(random);

    public override string Variant(string value, Random random) => value.Replace("有限公司", "有限公司 ", StringComparison.Ordinal).Replace("厦门", "厦门市", StringComparison.Ordinal);
}
