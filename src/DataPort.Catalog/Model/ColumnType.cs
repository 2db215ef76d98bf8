using System.Globalization;
using System.Text.RegularExpressions;

namespace DataPort.Catalog.Model;

public enum ColumnKind
{
    String,
    Int64,
    Decimal,
    Date,
    Timestamp,
    Boolean,
    Double,
}

/// <summary>A column's logical type, as the Parquet writer and the sandbox tables will map it.</summary>
public sealed partial record ColumnType(ColumnKind Kind, int Precision = 0, int Scale = 0)
{
    public override string ToString() => Kind switch
    {
        ColumnKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})"),
        _ => Kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string text, out ColumnType type, out string problem)
    {
        problem = "";
        switch (text)
        {
            case "string": type = new(ColumnKind.String); return true;
            case "int64": type = new(ColumnKind.Int64); return true;
            case "date": type = new(ColumnKind.Date); return true;
            case "timestamp": type = new(ColumnKind.Timestamp); return true;
            case "boolean": type = new(ColumnKind.Boolean); return true;
            case "double": type = new(ColumnKind.Double); return true;
        }
        type = new(ColumnKind.String);
        var match = DecimalPattern().Match(text);
        if (!match.Success)
        {
            problem = $"unknown type '{text}' (expected string, int64, decimal(p,s), date, timestamp, boolean or double)";
            return false;
        }
        var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var scale = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        // 38 digits is the widest decimal Parquet (16-byte FIXED_LEN_BYTE_ARRAY) and PostgreSQL numeric share.
        if (precision is < 1 or > 38 || scale > precision)
        {
            problem = $"decimal({precision},{scale}) needs 1 <= precision <= 38 and scale <= precision";
            return false;
        }
        type = new(ColumnKind.Decimal, precision, scale);
        return true;
    }

    [GeneratedRegex(@"^decimal\((\d{1,2}),\s*(\d{1,2})\)$")]
    private static partial Regex DecimalPattern();
}
