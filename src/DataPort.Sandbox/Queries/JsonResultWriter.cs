using System.Globalization;
using System.Text.Json;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Streams a result as one JSON object: <c>columns</c> (<c>name</c>, <c>label</c>, <c>type</c>), then <c>rows</c> (arrays
/// in column order), then the summary (<c>rowCount</c>, <c>truncated</c>, <c>truncatedBy</c>, <c>rowCap</c>,
/// <c>rowsRemaining</c>, <c>durationMs</c>) and <c>error</c>, which is
/// non-null only when the statement failed after rows had already been sent.
/// </summary>
public sealed class JsonResultWriter(Stream output) : IQueryResultWriter, IAsyncDisposable
{
    private const int FlushEvery = 500;
    private readonly Utf8JsonWriter json = new(output);
    private int unflushed;

    public async Task BeginAsync(IReadOnlyList<ResultColumn> columns, CancellationToken cancellationToken)
    {
        json.WriteStartObject();
        json.WriteStartArray("columns");
        foreach (var column in columns)
        {
            json.WriteStartObject();
            json.WriteString("name", column.Name);
            json.WriteString("label", column.Label);
            json.WriteString("type", column.Type);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("rows");
        await json.FlushAsync(cancellationToken);
    }

    public async Task WriteRowAsync(object?[] values, CancellationToken cancellationToken)
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            WriteValue(json, value);
        }
        json.WriteEndArray();
        if (++unflushed >= FlushEvery)
        {
            unflushed = 0;
            await json.FlushAsync(cancellationToken);
        }
    }

    public Task EndAsync(ResultSummary summary, CancellationToken cancellationToken) => FinishAsync(summary, null, cancellationToken);

    public Task FailAsync(SandboxQueryFailure failure, ResultSummary summary, CancellationToken cancellationToken) =>
        FinishAsync(summary, failure, cancellationToken);

    private async Task FinishAsync(ResultSummary summary, SandboxQueryFailure? failure, CancellationToken cancellationToken)
    {
        json.WriteEndArray();
        json.WriteNumber("rowCount", summary.RowCount);
        json.WriteBoolean("truncated", summary.Truncated);
        if (summary.TruncatedBy is null)
        {
            json.WriteNull("truncatedBy");
        }
        else
        {
            json.WriteString("truncatedBy", summary.TruncatedBy);
        }
        json.WriteNumber("rowCap", summary.RowCap);
        if (summary.RowsRemaining is { } left)
        {
            json.WriteNumber("rowsRemaining", left);
        }
        else
        {
            json.WriteNull("rowsRemaining");
        }
        json.WriteNumber("durationMs", summary.DurationMs);
        if (failure is null)
        {
            json.WriteNull("error");
        }
        else
        {
            json.WriteStartObject("error");
            json.WriteString("title", failure.Title);
            json.WriteString("detail", failure.Detail);
            json.WriteString("outcome", failure.Outcome);
            json.WriteEndObject();
        }
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    internal static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case short or int or long or byte: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case decimal m: json.WriteNumberValue(m); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case DateTime t: json.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: json.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: json.WriteBase64StringValue(bytes); break;
            case Array array:
                json.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(json, item);
                }
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public ValueTask DisposeAsync() => json.DisposeAsync();
}
