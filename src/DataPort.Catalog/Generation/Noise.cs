using DataPort.Catalog.Model;

namespace DataPort.Catalog.Generation;

/// <summary>Applies a column's noise to clean values, drawing from its own Random so the clean values never shift.</summary>
internal sealed class Noise(NoiseSpec spec, ValueGenerator generator)
{
    public string Apply(string clean, Random random)
    {
        if (spec.IsNone)
        {
            return clean;
        }
        var roll = random.NextDouble();
        var value = roll < spec.Blank ? ""
            : roll < spec.Blank + spec.Variant ? generator.Variant(clean, random)
            : clean;
        return value.Length > 0 && random.NextDouble() < spec.FullWidth ? ToFullWidthDigits(value) : value;
    }

    /// <summary>Input methods in full-width mode type ０-９ (U+FF10-FF19), which look the same but do not parse.</summary>
    public static string ToFullWidthDigits(string value) =>
        string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c;
            }
        });
}
