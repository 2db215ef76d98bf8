using System.Text.Json;

namespace DataPort.Catalog.Import;

/// <summary>
/// What an import did. <see cref="Created"/> counts assets and datasets this run created or carried further
/// (a registration finished, a licence option added); <see cref="Unchanged"/> those it left as they were, so
/// Created + Unchanged = Assets + Datasets, and a second import reports Created = 0.
/// </summary>
public sealed record ImportSummary(int Assets, int Datasets, int Created, int Unchanged)
{
    /// <summary>The one-line JSON of <c>dataport catalog import</c>: {"assets":N,"datasets":N,"created":N,"unchanged":N}.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("assets", Assets);
            json.WriteNumber("datasets", Datasets);
            json.WriteNumber("created", Created);
            json.WriteNumber("unchanged", Unchanged);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
