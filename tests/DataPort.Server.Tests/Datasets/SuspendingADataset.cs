using System.Net;
using System.Net.Http.Json;
using DataPort.Server.Tests.Assets;
using static DataPort.Server.Tests.Assets.DomainApi;

namespace DataPort.Server.Tests.Datasets;

public sealed class SuspendingADataset(ApiWithPublishedDataset fixture) : IClassFixture<ApiWithPublishedDataset>
{
    [Fact]
    public async Task Given_a_published_dataset_When_the_regulator_suspends_it_Then_it_leaves_the_catalog_and_takes_no_requests_until_resumed()
    {
        var id = await fixture.PublishedDatasetAsync();
        var regulator = fixture.As(People.Regulator);

        await Ok(await regulator.PostAsJsonAsync($"/api/datasets/{id}/suspend", new { reason = "Complaint under investigation" }));

        var catalog = await Ok(await fixture.As(People.Developer).GetAsync("/api/datasets"));
        Assert.DoesNotContain(catalog.GetProperty("items").EnumerateArray(), d => d.GetProperty("datasetId").GetString() == id);
        await Problem(await fixture.As(People.Developer).PostAsJsonAsync("/api/grants", AccessRequest(id)), HttpStatusCode.Conflict);

        var noReason = await Problem(await regulator.PostAsJsonAsync($"/api/datasets/{id}/resume", new { reason = " " }), HttpStatusCode.UnprocessableEntity);
        await Ok(await regulator.PostAsJsonAsync($"/api/datasets/{id}/resume", new { reason = "Complaint resolved" }));
        await Ok(await fixture.As(People.Developer).PostAsJsonAsync("/api/grants", AccessRequest(id)), HttpStatusCode.Created);
        Assert.Contains("reason", noReason.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Given_a_published_dataset_When_its_owner_tries_to_suspend_it_Then_403()
    {
        await Problem(await fixture.As(People.Merchant).PostAsJsonAsync($"/api/datasets/{fixture.DatasetId}/suspend", new { reason = "x" }),
            HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Given_a_published_dataset_When_resumed_without_being_suspended_Then_409()
    {
        await Problem(await fixture.As(People.Regulator).PostAsJsonAsync($"/api/datasets/{fixture.DatasetId}/resume", new { reason = "x" }), HttpStatusCode.Conflict);
    }
}
