using System.Globalization;
using DataPort.Catalog.Loading;
using DataPort.Catalog.Model;

namespace DataPort.Catalog.Generation;

/// <summary>
/// Turns a column's generator spec into a <see cref="ValueGenerator"/>, checking every parameter. The loader
/// calls it for each column, so a catalog that loads can always generate.
/// </summary>
internal static class GeneratorFactory
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "sequence", "choice", "template", "int", "decimal", "double", "boolean", "fraction_of", "date", "month",
        "timestamp", "time", "after", "person_name", "company_name", "resident_id", "date_of_birth", "birth_date_from_id", "mobile",
        "landline", "email", "uscc", "bank_card", "plate", "passport", "hk_macau_permit", "ip_address",
        "district", "district_code", "road", "street", "address", "geo_coordinate", "longitude", "latitude",
    };

    // Kinds whose clean output another column may read as a time ('after').
    private static readonly HashSet<string> TimeKinds = new HashSet<string>(StringComparer.Ordinal) { "timestamp", "time", "after" };

    /// <summary>
    /// Builds the generator, or returns null after reporting what is wrong. <paramref name="earlier"/> holds the
    /// columns defined before this one (name → type and generator kind): only those may be referenced.
    /// </summary>
    public static ValueGenerator? Create(ColumnDefinition column, IReadOnlyDictionary<string, (ColumnType Type, string Kind)> earlier, ErrorSink errors)
    {
        var spec = column.Generator;
        var p = new GeneratorParameters(spec, errors);
        if (!Kinds.Contains(spec.Kind))
        {
            p.Error($"unknown generator kind (known: {string.Join(", ", Kinds.Order(StringComparer.Ordinal))})");
            return null;
        }
        var generator = Build(spec.Kind, column, earlier, p);
        p.Finish();
        return p.Failed ? null : generator;
    }

    private static ValueGenerator? Build(string kind, ColumnDefinition column, IReadOnlyDictionary<string, (ColumnType Type, string Kind)> earlier, GeneratorParameters p)
    {
        switch (kind)
        {
            case "sequence":
                return new SequenceGenerator(p.Text("prefix") ?? "", p.Integer("start", 1, 0), p.Integer("step", 1, 1), (int)p.Integer("width", 1, 1, 18));
            case "choice":
                return Choice(p);
            case "template":
                var templates = p.List("templates", required: true) ?? [];
                foreach (var problem in templates.Select(TemplateGenerator.Check).OfType<string>())
                {
                    p.Error(problem);
                }
                return new TemplateGenerator(templates);
            case "int":
                return new IntegerGenerator(Range(p));
            case "decimal":
                var scale = column.Type.Kind == ColumnKind.Decimal ? column.Type.Scale : (int)p.Integer("scale", 2, 0, 18);
                return new DecimalGenerator(Range(p), scale);
            case "double":
                return new DoubleGenerator(Range(p), (int)p.Integer("digits", 3, 0, 15));
            case "boolean":
                var labels = p.List("labels");
                if (labels is not null && labels.Count != 2)
                {
                    p.Error("'labels' needs exactly two values: the one for true, then the one for false");
                }
                return new BooleanGenerator(p.Number("true_ratio", 0.5, 0, 1), labels?[0] ?? "true", labels is { Count: 2 } ? labels[1] : "false");
            case "fraction_of":
                var whole = Reference(p, earlier, static (type, _) => type.Kind is ColumnKind.Int64 or ColumnKind.Decimal or ColumnKind.Double, "a numeric column");
                var fractionScale = column.Type.Kind == ColumnKind.Decimal ? column.Type.Scale : 0;
                return new FractionGenerator(whole ?? "", p.Number("min_ratio", 0, 0, 1000, required: true), p.Number("max_ratio", 1, 0, 1000, required: true), fractionScale);
            case "date":
                return new DateGenerator(p.Parsed<DateOnly>("from", default, "as yyyy-MM-dd", true, TryDate), p.Parsed<DateOnly>("to", default, "as yyyy-MM-dd", true, TryDate));
            case "month":
                return new MonthGenerator(p.Parsed<DateOnly>("from", default, "as yyyy-MM-dd", true, TryDate), p.Parsed<DateOnly>("to", default, "as yyyy-MM-dd", true, TryDate));
            case "timestamp":
                var from = p.Parsed<DateTime>("from", default, "as yyyy-MM-dd or yyyy-MM-dd HH:mm:ss", true, TryInstant);
                var to = p.Parsed<DateTime>("to", default, "as yyyy-MM-dd or yyyy-MM-dd HH:mm:ss", true, TryInstant);
                var firstHour = (int)p.Integer("first_hour", 0, 0, 23);
                var lastHour = (int)p.Integer("last_hour", 23, firstHour, 23);
                return new TimestampGenerator(from, to, (int)p.Integer("step_minutes", 1, 1, 1440), firstHour, lastHour);
            case "time":
                return new TimeOfDayGenerator(p.Parsed<TimeOnly>("from", default, "as HH:mm", true, TryTime), p.Parsed<TimeOnly>("to", default, "as HH:mm", true, TryTime), (int)p.Integer("step_minutes", 1, 1, 1440));
            case "after":
                var start = Reference(p, earlier, static (_, k) => TimeKinds.Contains(k), "a time or timestamp column");
                var min = (int)p.Integer("min_minutes", 0, 0, 525_600, required: true);
                return new AfterGenerator(start ?? "", min, (int)p.Integer("max_minutes", min, min, 525_600, required: true));
            case "person_name":
                return new PersonNameGenerator();
            case "company_name":
                return new CompanyNameGenerator();
            case "resident_id":
                var minAge = (int)p.Integer("min_age", 18, 0, 120);
                return new ResidentIdGenerator(DistrictCodes(p), minAge, (int)p.Integer("max_age", 80, minAge, 120));
            case "date_of_birth":
                var youngest = (int)p.Integer("min_age", 18, 0, 120);
                return new DateOfBirthGenerator(youngest, (int)p.Integer("max_age", 80, youngest, 120));
            case "birth_date_from_id":
                return new BirthDateFromIdGenerator(Reference(p, earlier, static (_, k) => k == "resident_id", "a resident_id column") ?? "");
            case "mobile":
                return new MobileGenerator();
            case "landline":
                return new LandlineGenerator();
            case "email":
                return new EmailGenerator(p.List("domains") ?? Xiamen.EmailDomains);
            case "uscc":
                var authority = p.Text("authority") ?? "91";
                if (authority.Length != 2 || authority.Any(c => !Identifiers.CreditCode.Alphabet.Contains(c)))
                {
                    p.Error("'authority' must be two GB 32100 characters, e.g. 91 (enterprise) or 12 (public institution)");
                }
                return new CreditCodeGenerator(authority, DistrictCodes(p));
            case "bank_card":
                return new BankCardGenerator();
            case "plate":
                return new PlateGenerator(p.Number("new_energy_ratio", 0.2, 0, 1));
            case "passport":
                return new PassportGenerator();
            case "hk_macau_permit":
                return new HongKongMacauPermitGenerator();
            case "ip_address":
                return new IpAddressGenerator();
            case "district":
                return new DistrictGenerator(Chooser(p, earlier), asCode: false);
            case "district_code":
                return new DistrictGenerator(Chooser(p, earlier), asCode: true);
            case "road":
                return new RoadGenerator(Chooser(p, earlier));
            case "street":
                return new StreetGenerator(Chooser(p, earlier));
            case "address":
                return new AddressGenerator(Chooser(p, earlier));
            default:
                return new CoordinateGenerator(Chooser(p, earlier), kind);
        }
    }

    private static ChoiceGenerator Choice(GeneratorParameters p)
    {
        var values = p.List("values", required: true) ?? [""];
        var weightTexts = p.List("weights");
        IReadOnlyList<long>? weights = null;
        if (weightTexts is not null)
        {
            var parsed = weightTexts.Select(w => long.TryParse(w, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : -1).ToList();
            if (parsed.Count != values.Count || parsed.Any(w => w < 0))
            {
                p.Error($"'weights' must be {values.Count} positive integers, one per value");
            }
            else
            {
                weights = parsed;
            }
        }
        return new ChoiceGenerator(values, weights);
    }

    private static Distribution Range(GeneratorParameters p)
    {
        var min = p.Number("min", 0, required: true);
        var max = p.Number("max", 0, required: true);
        if (max < min)
        {
            p.Error($"'max' ({max}) is below 'min' ({min})");
        }
        var mean = p.Text("mean") is null ? (double?)null : p.Number("mean", 0, min, max);
        var stdDev = p.Text("stddev") is null ? (double?)null : p.Number("stddev", 1, 0);
        if ((mean is null) != (stdDev is null))
        {
            p.Error("give both 'mean' and 'stddev' for a normal distribution, or neither for a uniform one");
        }
        return new Distribution(min, max, mean, stdDev);
    }

    private static List<string> DistrictCodes(GeneratorParameters p) =>
        (p.List("districts") is { } names ? Districts(p, names) : Xiamen.Districts).Select(d => d.Code).ToList();

    private static List<District> Districts(GeneratorParameters p, IReadOnlyList<string> names)
    {
        var found = new List<District>();
        foreach (var name in names)
        {
            if (Xiamen.FindDistrict(name) is { } district)
            {
                found.Add(district);
            }
            else
            {
                p.Error($"'{name}' is not a Xiamen district (known: {string.Join(", ", Xiamen.Districts.Select(d => $"{d.Name} {d.Code}"))})");
            }
        }
        return found.Count == 0 ? [.. Xiamen.Districts] : found;
    }

    private static DistrictChooser Chooser(GeneratorParameters p, IReadOnlyDictionary<string, (ColumnType Type, string Kind)> earlier)
    {
        var districts = p.List("districts") is { } names ? Districts(p, names) : [.. Xiamen.Districts];
        string? from = null;
        if (p.Text("district_from") is not null)
        {
            from = Reference(p, earlier, static (_, k) => k is "district" or "district_code" or "choice", "a district column", "district_from");
        }
        return new DistrictChooser(districts, from);
    }

    private static string? Reference(
        GeneratorParameters p,
        IReadOnlyDictionary<string, (ColumnType Type, string Kind)> earlier,
        Func<ColumnType, string, bool> fits,
        string expected,
        string parameter = "column")
    {
        var name = p.Text(parameter, required: true);
        if (name is null)
        {
            return null;
        }
        if (!earlier.TryGetValue(name, out var target))
        {
            p.Error($"'{parameter}' names '{name}', which is not a column defined before this one");
            return null;
        }
        if (!fits(target.Type, target.Kind))
        {
            p.Error($"'{parameter}' names '{name}', which is not {expected}");
            return null;
        }
        return name;
    }

    private static bool TryDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static bool TryTime(string text, out TimeOnly value) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static bool TryInstant(string text, out DateTime value) =>
        DateTime.TryParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
