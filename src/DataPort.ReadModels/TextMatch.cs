namespace DataPort.ReadModels;

internal static class TextMatch
{
    /// <summary>What a list's free-text filter matches on: the trimmed text, or null for no filter.</summary>
    public static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
