using System.Net;

namespace DataPort.Client;

/// <summary>How the SDK retries answers that say "later": 429 Too Many Requests and 503 Service Unavailable.</summary>
/// <param name="MaxRetries">Retries after the first attempt.</param>
/// <param name="DefaultDelay">The wait when the answer has no <c>Retry-After</c>; doubled on each retry.</param>
/// <param name="MaxDelay">The longest wait the SDK accepts; an answer asking for more is returned as it is.</param>
public sealed record RetryPolicy(int MaxRetries, TimeSpan DefaultDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}

/// <summary>
/// Retries 429 and 503 after the server's <c>Retry-After</c> (seconds or a date), within <see cref="RetryPolicy"/>. A
/// retry needs the body again, so bodies are buffered; a large one (an upload) is streamed once instead, never held
/// in memory, and its 429 or 503 is returned to the caller.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy) : DelegatingHandler
{
    private const long MaxBufferedBody = 4 << 20;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } body && body.Headers.ContentLength is not (<= MaxBufferedBody))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        await RequestCopy.BufferAsync(request, cancellationToken);
        var attempt = request;
        for (var retry = 0; ; retry++)
        {
            var response = await base.SendAsync(attempt, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || retry == policy.MaxRetries)
            {
                return response;
            }
            var delay = RetryAfter(response) ?? policy.DefaultDelay * Math.Pow(2, retry);
            if (delay > policy.MaxDelay)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(delay, cancellationToken);
            attempt = await RequestCopy.OfAsync(request, cancellationToken);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
