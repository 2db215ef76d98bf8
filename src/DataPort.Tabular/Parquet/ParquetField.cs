namespace DataPort.Tabular.Parquet;

/// <summary>
/// One flat column. Values handed to the writer (and returned by the reader) use these CLR types:
/// Boolean→bool, Int32→int, Int64→long, Double→double, String→string, Date→DateOnly,
/// Timestamp→DateTime (UTC; DateTimeOffset is also accepted), Decimal→decimal, Binary→byte[].
/// </summary>
public sealed record ParquetField(string Name, ParquetType Type, bool Nullable = true)
{
    /// <summary>Total decimal digits (DECIMAL only, 1–38).</summary>
    public int Precision { get; init; }

    /// <summary>Digits after the decimal point (DECIMAL only, 0–Precision).</summary>
    public int Scale { get; init; }

    public static ParquetField Decimal(string name, int precision, int scale, bool nullable = true)
    {
        if (precision is < 1 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "decimal precision must be 1 to 38");
        }
        if (scale < 0 || scale > precision || scale > 28)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "decimal scale must be 0 to the precision (and at most 28)");
        }
        return new ParquetField(name, ParquetType.Decimal, nullable) { Precision = precision, Scale = scale };
    }

    public override string ToString() => Type == ParquetType.Decimal
        ? $"{Name}: decimal({Precision},{Scale}){(Nullable ? "?" : "")}"
        : $"{Name}: {Type.ToString().ToLowerInvariant()}{(Nullable ? "?" : "")}";
}
