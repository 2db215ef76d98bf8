using DataPort.Privacy.Text;

namespace DataPort.Privacy.Detection;

/// <summary>
/// Decides each column's entity from a sample: the mean per-value score (share of values that validate),
/// moved up by a supporting header and down by a header that names an unrelated identifier.
/// </summary>
public static class ColumnClassifier
{
    private static readonly System.Buffers.SearchValues<char> CodeCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@._+-%");

    public static IReadOnlyList<ColumnDetection> Classify(
        IReadOnlyList<string> headers, IReadOnlyList<string[]> sample, ClassificationSettings settings, DateOnly today)
    {
        var result = new ColumnDetection[headers.Count];
        for (var column = 0; column < headers.Count; column++)
        {
            result[column] = ClassifyColumn(headers[column], column, sample, settings, today);
        }
        return result;
    }

    public static ColumnDetection ClassifyColumn(
        string header, int column, IReadOnlyList<string[]> sample, ClassificationSettings settings, DateOnly today)
    {
        var values = new List<string>();
        foreach (var row in sample)
        {
            if (column < row.Length && row[column].AsSpan().Trim().Length > 0)
            {
                values.Add(row[column].Trim());
            }
        }
        var none = new ColumnDetection(header, null, 0, new HashSet<string>());
        if (values.Count == 0)
        {
            return none;
        }
        string? best = null;
        var bestConfidence = 0.0;
        foreach (var entity in ValueScorer.Entities)
        {
            var total = 0.0;
            foreach (var value in values)
            {
                total += ValueScorer.Score(entity, value, today);
            }
            var confidence = Adjust(total / values.Count, HeaderContext.For(header, entity), settings);
            if (confidence > bestConfidence)
            {
                best = entity;
                bestConfidence = confidence;
            }
        }
        if (best is not null && bestConfidence >= settings.MinConfidence)
        {
            return new ColumnDetection(header, best, Math.Round(bestConfidence, 2), new HashSet<string>());
        }
        return FreeText(header, values, settings) ?? none with { Confidence = Math.Round(1 - bestConfidence, 2) };
    }

    internal static double Adjust(double share, HeaderHint hint, ClassificationSettings settings) => hint switch
    {
        // Only a column whose values already lean this way is lifted: a header cannot make a name out of numbers.
        HeaderHint.Supports when share > 0 => share + (1 - share) * settings.HeaderBoost,
        HeaderHint.Contradicts => share * settings.HeaderPenalty,
        _ => share,
    };

    private static ColumnDetection? FreeText(string header, List<string> values, ClassificationSettings settings)
    {
        var embedded = new HashSet<string>();
        var withPii = 0;
        var texts = 0;
        foreach (var value in values)
        {
            // A lone identifier (an order number) is not text: free text has words around what it embeds.
            if (value.Length < 8 || !value.AsSpan().ContainsAnyExcept(CodeCharacters))
            {
                continue;
            }
            texts++;
            var spans = PiiSpanScanner.Scan(value);
            if (spans.Count > 0)
            {
                withPii++;
                foreach (var span in spans)
                {
                    embedded.Add(span.Entity);
                }
            }
        }
        if (texts * 2 < values.Count || withPii == 0)
        {
            return null;
        }
        var share = (double)withPii / texts;
        if (share < settings.FreeTextMinShare)
        {
            return null;
        }
        var confidence = Adjust(Math.Min(1, 0.6 + share), HeaderContext.For(header, EntityIds.FreeTextWithPii), settings);
        return new ColumnDetection(header, EntityIds.FreeTextWithPii, Math.Round(Math.Min(1, confidence), 2), embedded);
    }
}
