using System.Text.Json;

namespace DataPort.Catalog.Publishing;

/// <summary>
/// What a publish run did. Published + Unchanged + the failures = Datasets; a second run reports Published = 0.
/// </summary>
public sealed record PublishSummary(int Datasets, int Published, int Unchanged, IReadOnlyList<PublishOutcome> Failures)
{
    /// <summary>The one-line JSON of <c>dataport catalog publish</c>: {"datasets":N,"published":N,"unchanged":N}.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("datasets", Datasets);
            json.WriteNumber("published", Published);
            json.WriteNumber("unchanged", Unchanged);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
