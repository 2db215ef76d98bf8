using System.Net;
using System.Net.Http.Headers;

namespace DataPort.Client;

/// <summary>Puts the app's bearer token on every request; on a 401 it renews the token once and tries again (a revoked or rotated key).</summary>
internal sealed class TokenHandler(TokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await RequestCopy.BufferAsync(request, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(renew: false, cancellationToken));
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        using var again = await RequestCopy.OfAsync(request, cancellationToken);
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(renew: true, cancellationToken));
        return await base.SendAsync(again, cancellationToken);
    }
}
