using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// One token service across separate processes: a token any node issued is accepted by every node, and once revoked at
/// one node it is refused by every node from the moment the revocation is answered, and introspects as inactive.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RevocationAcrossProcessesTests(ClusterOfProcesses cluster)
{
    [Fact]
    public async Task Given_a_token_from_one_node_When_another_node_revokes_it_Then_every_node_refuses_it_at_once()
    {
        var app = await cluster.GrantedAppAsync();
        var nodes = cluster.Nodes.Take(3).Select(node => new HttpClient { BaseAddress = node.Address }).ToList();
        try
        {
            var token = await TokenAsync(nodes[0], app);
            var before = await Task.WhenAll(nodes.Select(node => MeAsync(node, token)));

            using var revoked = await nodes[1].SendAsync(Form(app, "connect/revocation", token));
            var after = await Task.WhenAll(nodes.Select(node => MeAsync(node, token)));
            using var introspected = await nodes[2].SendAsync(Form(app, "connect/introspect", token));

            Assert.All(before, status => Assert.Equal(HttpStatusCode.OK, status));
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.All(after, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
            Assert.False((await introspected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, await MeAsync(nodes[2], await TokenAsync(nodes[2], app)));
        }
        finally
        {
            nodes.ForEach(node => node.Dispose());
        }
    }

    private static async Task<string> TokenAsync(HttpClient node, GrantedApp app)
    {
        using var request = Form(app, "connect/token", token: null);
        using var response = await node.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient node, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await node.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A token-service call authenticated as the app (HTTP Basic): a token request, or one about <paramref name="token"/>.</summary>
    private static HttpRequestMessage Form(GrantedApp app, string path, string? token)
    {
        var fields = token is null ? new Dictionary<string, string> { ["grant_type"] = "client_credentials" } : new() { ["token"] = token };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{app.ClientId}:{app.ClientSecret}")));
        return request;
    }
}
