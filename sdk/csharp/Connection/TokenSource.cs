using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DataPort.Client;

/// <summary>
/// Gets app tokens with the client-credentials grant and keeps the current one until shortly before it expires, so
/// concurrent calls share one token and one refresh.
/// </summary>
internal sealed class TokenSource(HttpClient http, string clientId, string clientSecret, IEnumerable<string>? scopes) : IDisposable
{
    // Refresh this long before expiry, so a token never runs out on its way to the server.
    private static readonly TimeSpan Early = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private readonly string? scope = scopes is null ? null : string.Join(' ', scopes);
    private (string Token, DateTimeOffset RenewAt)? current;

    public async Task<string> GetAsync(bool renew, CancellationToken cancellationToken)
    {
        var seen = current;
        if (!renew && seen is { } fresh && DateTimeOffset.UtcNow < fresh.RenewAt)
        {
            return fresh.Token;
        }
        await refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have renewed while this one waited.
            if (current is { } now && !ReferenceEquals(now.Token, seen?.Token) && DateTimeOffset.UtcNow < now.RenewAt)
            {
                return now.Token;
            }
            var token = await RequestAsync(cancellationToken);
            current = token;
            return token.Token;
        }
        finally
        {
            refresh.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset RenewAt)> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token") { Content = new FormUrlEncodedContent(form) };
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they go into Basic credentials.
        var basic = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        var started = DateTimeOffset.UtcNow;
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DataPortApiException($"The token request was refused ({(int)response.StatusCode}): {body}", (int)response.StatusCode, body,
                response.Headers.ToDictionary(h => h.Key, h => h.Value), null);
        }
        using var json = JsonDocument.Parse(body);
        var token = json.RootElement.GetProperty("access_token").GetString()!;
        var lifetime = TimeSpan.FromSeconds(json.RootElement.GetProperty("expires_in").GetInt32());
        return (token, started + (lifetime > Early * 2 ? lifetime - Early : lifetime / 2));
    }

    /// <summary>Ends the token client (its own HTTP client) and the renewal lock.</summary>
    public void Dispose()
    {
        http.Dispose();
        refresh.Dispose();
    }
}
