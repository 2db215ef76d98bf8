using System.Net;
using System.Net.Http.Json;
using DataPort.Server.Tests.Assets;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Grants;

public sealed class ApprovingARequest(ApiWithRequestedGrant fixture) : IClassFixture<ApiWithRequestedGrant>
{
    [Fact]
    public async Task Given_a_request_When_the_owner_approves_a_narrower_grant_Then_it_is_active_and_authorises_only_the_granted_fields()
    {
        var approved = await Ok(await fixture.As(People.Merchant).PostAsJsonAsync($"/api/grants/{fixture.GrantId}/approve",
            new { fields = new[] { "stop_id" }, termDays = 7, maxQueries = 10 }));

        Assert.Equal("active", approved.GetProperty("status").GetString());
        Assert.Equal(["stop_id"], approved.GetProperty("grantedFields").EnumerateArray().Select(f => f.GetString()));
        var developer = fixture.As(People.Developer);
        var allowed = await Ok(await developer.PostAsJsonAsync($"/api/grants/{fixture.GrantId}/authorize",
            new { datasetVersion = 1, fields = new[] { "stop_id" }, kind = "sandbox-query", rows = 10 }));
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
        var denied = await Ok(await developer.PostAsJsonAsync($"/api/grants/{fixture.GrantId}/authorize",
            new { datasetVersion = 1, fields = new[] { "tapped_at" }, kind = "sandbox-query", rows = 10 }));
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.Contains("tapped_at", denied.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Given_a_request_When_another_organisation_approves_Then_403()
    {
        var (_, grantId) = await fixture.RequestedGrantAsync();

        await Problem(await fixture.As(People.OtherMerchant).PostAsJsonAsync($"/api/grants/{grantId}/approve", new { }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_request_When_the_approval_widens_the_fields_Then_422()
    {
        var (_, grantId) = await fixture.RequestedGrantAsync();

        await Problem(await fixture.As(People.Merchant).PostAsJsonAsync($"/api/grants/{grantId}/approve", new { fields = new[] { "card_no" } }),
            HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Given_a_request_When_the_owner_denies_it_Then_it_cannot_be_approved_later()
    {
        var (_, grantId) = await fixture.RequestedGrantAsync();
        var merchant = fixture.As(People.Merchant);

        var denied = await Ok(await merchant.PostAsJsonAsync($"/api/grants/{grantId}/deny", new { reason = "Purpose too broad" }));
        Assert.Equal("denied", denied.GetProperty("status").GetString());

        await Problem(await merchant.PostAsJsonAsync($"/api/grants/{grantId}/approve", new { }), HttpStatusCode.Conflict);
    }
}
