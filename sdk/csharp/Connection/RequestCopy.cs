namespace DataPort.Client;

/// <summary>
/// A request can be sent once only, so a retry sends a copy: same method, address, headers and (buffered) body.
/// </summary>
internal static class RequestCopy
{
    /// <summary>Reads the body into memory once, so copies can be made of it later.</summary>
    public static Task BufferAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Content?.LoadIntoBufferAsync(cancellationToken) ?? Task.CompletedTask;

    public static async Task<HttpRequestMessage> OfAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (request.Content is { } content)
        {
            copy.Content = new ByteArrayContent(await content.ReadAsByteArrayAsync(cancellationToken));
            foreach (var header in content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return copy;
    }
}
