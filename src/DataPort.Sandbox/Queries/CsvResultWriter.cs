using System.Globalization;
using System.Text;

namespace DataPort.Sandbox.Queries;

/// <summary>
/// Streams a result as RFC 4180 CSV with a header row. CSV has nowhere to put a summary, so the caller gets
/// it through <paramref name="onEnd"/> (HTTP trailers); a failure after rows were sent throws
/// <see cref="ResultStreamBrokenException"/> so the edge aborts the response instead of leaving a CSV that
/// looks complete.
/// </summary>
public sealed class CsvResultWriter(Stream output, Action<ResultSummary>? onEnd = null) : IQueryResultWriter, IAsyncDisposable
{
    private readonly StreamWriter writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);

    public async Task BeginAsync(IReadOnlyList<ResultColumn> columns, CancellationToken cancellationToken)
    {
        await WriteLineAsync(columns.Select(c => c.Name).ToArray<object?>());
        await writer.FlushAsync(cancellationToken);
    }

    public Task WriteRowAsync(object?[] values, CancellationToken cancellationToken) => WriteLineAsync(values);

    public async Task EndAsync(ResultSummary summary, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken);
        onEnd?.Invoke(summary);
    }

    public async Task FailAsync(SandboxQueryFailure failure, ResultSummary summary, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken);
        throw new ResultStreamBrokenException(failure);
    }

    private async Task WriteLineAsync(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',');
            }
            await writer.WriteAsync(Field(values[i]));
        }
        await writer.WriteAsync("\r\n");
    }

    internal static string Field(object? value)
    {
        var text = Text(value);
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>A value as text, unquoted: what a CSV field holds, and what a page shows.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}

/// <summary>A statement failed after part of its result was streamed in a format that cannot carry the error.</summary>
public sealed class ResultStreamBrokenException(SandboxQueryFailure failure) : Exception(failure.Detail)
{
    public SandboxQueryFailure Failure { get; } = failure;
}
