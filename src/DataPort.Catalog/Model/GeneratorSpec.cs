namespace DataPort.Catalog.Model;

/// <summary>Where in a catalog file something was written, so every complaint can point at it.</summary>
public sealed record SourceMark(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>One generator parameter as written: a scalar or a list of scalars.</summary>
public sealed record GeneratorParameter(string Name, string? Scalar, IReadOnlyList<string>? Items, SourceMark Mark);

/// <summary>How to synthesise a column: a generator kind and its parameters (checked when the catalog loads).</summary>
public sealed record GeneratorSpec(string Kind, IReadOnlyDictionary<string, GeneratorParameter> Parameters, SourceMark Mark);

/// <summary>
/// The untidiness of real government exports, as probabilities per value: blanks, a different spelling of
/// the same value (dates with slashes, dashed mobiles, lower-case check letters) and full-width digits.
/// </summary>
public sealed record NoiseSpec(double Blank, double Variant, double FullWidth)
{
    public static readonly NoiseSpec None = new(0, 0, 0);

    public bool IsNone => Blank == 0 && Variant == 0 && FullWidth == 0;
}
