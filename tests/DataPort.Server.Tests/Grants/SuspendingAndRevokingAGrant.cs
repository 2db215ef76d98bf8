using System.Net;
using System.Net.Http.Json;
using DataPort.Server.Tests.Assets;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Grants;

public sealed class SuspendingAndRevokingAGrant(ApiWithActiveGrant fixture) : IClassFixture<ApiWithActiveGrant>
{
    private static HttpRequestMessage Post(string uri, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    [Fact]
    public async Task Given_an_active_grant_When_the_regulator_suspends_with_a_stale_etag_Then_409_and_with_the_current_one_200()
    {
        var (_, grantId) = await fixture.ActiveGrantAsync();
        var regulator = fixture.As(People.Regulator);
        var read = await regulator.GetAsync($"/api/grants/{grantId}");
        var stale = read.Headers.ETag!.Tag;
        await Ok(await fixture.As(People.Merchant).PostAsJsonAsync($"/api/grants/{grantId}/revoke", new { reason = "Terms breached" }));

        var conflict = await Problem(await regulator.SendAsync(Post($"/api/grants/{grantId}/suspend", new { reason = "audit" }, stale)),
            HttpStatusCode.Conflict);

        var current = conflict.GetProperty("currentETag").GetString()!;
        Assert.NotEqual(stale, current);
        // With the current version the request is judged on the state: a revoked grant cannot be suspended.
        var judged = await Problem(await regulator.SendAsync(Post($"/api/grants/{grantId}/suspend", new { reason = "audit" }, current)),
            HttpStatusCode.Conflict);
        Assert.Contains("Revoked", judged.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_an_active_grant_When_suspended_Then_uses_are_denied_until_resumed()
    {
        var regulator = fixture.As(People.Regulator);
        var developer = fixture.As(People.Developer);
        var use = new { datasetVersion = 1, fields = new[] { "stop_id" }, kind = "sandbox-query", rows = 1 };
        var read = await regulator.GetAsync($"/api/grants/{fixture.GrantId}");

        var suspended = await regulator.SendAsync(Post($"/api/grants/{fixture.GrantId}/suspend", new { reason = "audit" }, read.Headers.ETag!.Tag));
        Assert.Equal("suspended", (await Ok(suspended)).GetProperty("status").GetString());
        var denied = await Ok(await developer.PostAsJsonAsync($"/api/grants/{fixture.GrantId}/authorize", use));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Contains("suspended", denied.GetProperty("reason").GetString());

        await Ok(await regulator.PostAsJsonAsync($"/api/grants/{fixture.GrantId}/resume", new { reason = "audit closed" }));
        Assert.True((await Ok(await developer.PostAsJsonAsync($"/api/grants/{fixture.GrantId}/authorize", use))).GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Given_an_active_grant_When_the_owner_suspends_Then_403()
    {
        await Problem(await fixture.As(People.Merchant).PostAsJsonAsync($"/api/grants/{fixture.GrantId}/suspend", new { reason = "x" }),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_an_active_grant_When_the_developer_revokes_Then_403()
    {
        await Problem(await fixture.As(People.Developer).PostAsJsonAsync($"/api/grants/{fixture.GrantId}/revoke", new { reason = "x" }),
            HttpStatusCode.Forbidden);
    }
}
