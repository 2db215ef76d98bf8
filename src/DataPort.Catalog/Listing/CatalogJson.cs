using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DataPort.Catalog.Model;

namespace DataPort.Catalog.Listing;

/// <summary>Where a listed dataset's entry came from: its YAML file, and its registration once imported.</summary>
public sealed record ListingSource(string Kind, string File, string? AssetId = null, string? AssetStatus = null, string? DatasetStatus = null)
{
    public static ListingSource Yaml(DatasetDefinition dataset) => new("yaml", dataset.SourceFile);
}

/// <summary>The JSON of <c>dataport catalog list --json</c>: an array with one object per dataset.</summary>
public static class CatalogJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese titles stay readable instead of \uXXXX escapes; the output is data, not HTML.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
    };

    public static string List(IEnumerable<(DatasetDefinition Dataset, ListingSource Source)> datasets)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var (dataset, source) in datasets)
            {
                WriteDataset(json, dataset, source);
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDataset(Utf8JsonWriter json, DatasetDefinition dataset, ListingSource source)
    {
        json.WriteStartObject();
        json.WriteString("id", dataset.Id);
        json.WriteStartObject("title");
        json.WriteString("zh", dataset.Title.Zh);
        json.WriteString("en", dataset.Title.En);
        json.WriteEndObject();
        json.WriteString("owner", dataset.Owner);
        json.WriteString("theme", dataset.Theme);
        json.WriteString("update_frequency", dataset.UpdateFrequency);
        json.WriteString("grade", dataset.Grade.ToId());
        json.WriteNumber("columns", dataset.Columns.Count);
        json.WriteStartObject("fee_cap");
        json.WriteNumber("one_off_fen", dataset.FeeCap.OneOffFen);
        json.WriteNumber("subscription_monthly_fen", dataset.FeeCap.SubscriptionMonthlyFen);
        json.WriteNumber("per_query_fen", dataset.FeeCap.PerQueryFen);
        json.WriteEndObject();
        json.WriteStartArray("licences");
        foreach (var licence in dataset.Licences)
        {
            WriteLicence(json, licence);
        }
        json.WriteEndArray();
        json.WriteStartObject("source");
        json.WriteString("kind", source.Kind);
        json.WriteString("file", source.File);
        if (source.AssetId is not null)
        {
            json.WriteString("asset_id", source.AssetId);
            json.WriteString("asset_status", source.AssetStatus);
            json.WriteString("dataset_status", source.DatasetStatus);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLicence(Utf8JsonWriter json, LicenceOption licence)
    {
        json.WriteStartObject();
        json.WriteString("id", licence.Id);
        json.WriteBoolean("purpose_limited", licence.PurposeLimited);
        json.WriteNumber("term_months", licence.TermMonths);
        json.WriteString("delivery", licence.Delivery.ToId());
        json.WriteBoolean("aggregate_only", licence.AggregateOnly);
        json.WriteStartObject("price");
        json.WriteString("model", licence.Price.Model.ToId());
        json.WriteNumber("amount_fen", licence.Price.AmountFen);
        if (licence.Price.Model == PriceModel.Subscription)
        {
            json.WriteNumber("period_months", licence.Price.PeriodMonths);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
