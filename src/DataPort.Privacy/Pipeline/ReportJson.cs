using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPort.Privacy.Pipeline;

public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Column names are Chinese; keep them readable in the report rather than \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    public static string Serialize(PipelineReport report) => JsonSerializer.Serialize(report, Options);

    public static PipelineReport? Deserialize(string json) => JsonSerializer.Deserialize<PipelineReport>(json, Options);
}
