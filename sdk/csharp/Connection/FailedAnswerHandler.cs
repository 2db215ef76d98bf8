using System.Text.Json;

namespace DataPort.Client;

/// <summary>
/// A sandbox query can fail after its answer has started (a division by zero on row 3 000): the server then ends the
/// JSON with an <c>error</c> member. This handler raises that as a <see cref="DataPortApiException"/>, so a partial
/// answer is never taken for a whole one. (A CSV answer that fails midway is cut off by the server instead, which
/// surfaces as an <see cref="HttpRequestException"/>.)
/// </summary>
internal sealed class FailedAnswerHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || request.RequestUri?.AbsolutePath.EndsWith("/api/sandbox/queries", StringComparison.Ordinal) != true
            || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return response;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var answer = JsonDocument.Parse(body);
        if (answer.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => h.Value);
            response.Dispose();
            throw new DataPortApiException(
                $"The query failed after its answer had started: {Text(error, "title")}: {Text(error, "detail")}",
                200, body, headers, null);
        }
        return response;
    }

    private static string? Text(JsonElement error, string name) => error.TryGetProperty(name, out var value) ? value.GetString() : null;
}
