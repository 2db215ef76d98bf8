namespace DataPort.Privacy.Masking;

public sealed class KeepMasker : IValueMasker
{
    public static KeepMasker Instance { get; } = new();

    public string Mask(string value) => value;
}

public sealed class RedactMasker(string replacement) : IValueMasker
{
    public string Mask(string value) => value.Length == 0 ? value : replacement;
}

/// <summary>
/// Keeps the first and last characters and masks the middle (138****5678; an id keeps its six-digit region).
/// A value no longer than what would be kept is masked whole, so short values never pass through.
/// </summary>
public sealed class PartialMasker(int keepFirst, int keepLast, char maskChar) : IValueMasker
{
    public string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        if (value.Length <= keepFirst + keepLast)
        {
            return new string(maskChar, value.Length);
        }
        return string.Create(value.Length, value, (destination, source) =>
        {
            source.AsSpan().CopyTo(destination);
            destination[keepFirst..^keepLast].Fill(maskChar);
        });
    }
}
