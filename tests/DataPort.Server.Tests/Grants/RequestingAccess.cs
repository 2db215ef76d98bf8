using System.Net;
using System.Net.Http.Json;
using DataPort.Server.Tests.Assets;
using DataPort.Server.Tests.Datasets;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Grants;

public sealed class RequestingAccess(ApiWithPublishedDataset fixture) : IClassFixture<ApiWithPublishedDataset>
{
    [Fact]
    public async Task Given_a_published_dataset_When_a_developer_requests_access_Then_201_and_the_owner_sees_the_request()
    {
        var response = await fixture.As(People.Developer).PostAsJsonAsync("/api/grants", AccessRequest(fixture.DatasetId));

        var grant = await Ok(response, HttpStatusCode.Created);
        Assert.Equal("requested", grant.GetProperty("status").GetString());
        Assert.Equal(People.DeveloperOrg, grant.GetProperty("developerOrganisationId").GetString());
        var id = grant.GetProperty("grantId").GetString();
        var ownersList = await Ok(await fixture.As(People.Merchant).GetAsync($"/api/grants?datasetId={fixture.DatasetId}&status=Requested"));
        Assert.Contains(ownersList.GetProperty("items").EnumerateArray(), g => g.GetProperty("grantId").GetString() == id);
        var strangersList = await Ok(await fixture.As(People.OtherMerchant).GetAsync("/api/grants"));
        Assert.Equal(0, strangersList.GetProperty("total").GetInt32());
        await Problem(await fixture.As(People.OtherMerchant).GetAsync($"/api/grants/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_a_published_dataset_When_a_request_names_a_field_the_dataset_lacks_Then_422()
    {
        var request = new { datasetId = fixture.DatasetId, purpose = "p", fields = new[] { "salary" }, termDays = 30, licenceOptionId = "sandbox" };

        var problem = await Problem(await fixture.As(People.Developer).PostAsJsonAsync("/api/grants", request), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("salary", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_a_published_dataset_When_a_merchant_requests_access_Then_403()
    {
        await Problem(await fixture.As(People.OtherMerchant).PostAsJsonAsync("/api/grants", AccessRequest(fixture.DatasetId)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_request_sent_twice_with_one_idempotency_key_When_replayed_Then_one_grant_and_the_same_response()
    {
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/grants") { Content = JsonContent.Create(AccessRequest(fixture.DatasetId)) };
            request.Headers.Add("Idempotency-Key", key);
            return await fixture.As(People.Developer).SendAsync(request);
        }

        var first = await Ok(await Send(), HttpStatusCode.Created);
        var replay = await Ok(await Send(), HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("grantId").GetString(), replay.GetProperty("grantId").GetString());
        var mine = await Ok(await fixture.As(People.Developer).GetAsync($"/api/grants?datasetId={fixture.DatasetId}"));
        Assert.Single(mine.GetProperty("items").EnumerateArray(), g => g.GetProperty("grantId").GetString() == first.GetProperty("grantId").GetString());
    }
}
