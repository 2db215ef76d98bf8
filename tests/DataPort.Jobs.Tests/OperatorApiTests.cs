using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Jobs.Tests;

/// <summary>Fixture: the whole server on a fresh database, shared by the class.</summary>
public sealed class ApiOnItsOwnDatabase : IAsyncLifetime
{
    private readonly JobsDatabase database = new();

    public JobsApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Api = new JobsApi(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await database.DisposeAsync();
    }
}

public sealed class OperatorApi(ApiOnItsOwnDatabase fixture) : IClassFixture<ApiOnItsOwnDatabase>
{
    private readonly JobsApi api = fixture.Api;

    [Fact]
    public async Task Given_a_failed_run_When_an_operator_reads_retries_and_deletes_it_Then_the_api_follows_hangfire()
    {
        using var operators = api.ClientAs("operator");
        var id = api.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<FailingJob>(job => job.RunAsync(true, null!));
        var failed = await Eventually.ValueAsync(() => operators.GetFromJsonAsync<JsonElement>($"/api/jobs/runs/{id}"),
            run => run.GetProperty("state").GetString() == "failed", "the run to fail");
        Assert.Equal("FailingJob", failed.GetProperty("job").GetString());
        Assert.Equal("True", failed.GetProperty("arguments").GetProperty("permanent").GetString());

        var failures = await operators.GetFromJsonAsync<JsonElement>("/api/jobs/runs?state=failed");
        Assert.Contains(failures.GetProperty("items").EnumerateArray(), run => run.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.Accepted, (await operators.PostAsync($"/api/jobs/runs/{id}/retry", null)).StatusCode);
        await Eventually.ValueAsync(() => operators.GetFromJsonAsync<JsonElement>($"/api/jobs/runs/{id}"),
            run => run.GetProperty("state").GetString() == "failed" && run.GetProperty("attempts").GetInt32() == 2, "the retry to fail again");
        Assert.Equal(HttpStatusCode.NoContent, (await operators.DeleteAsync($"/api/jobs/runs/{id}")).StatusCode);
        var again = await operators.DeleteAsync($"/api/jobs/runs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("deleted", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Given_bad_requests_When_they_reach_the_api_Then_each_gets_a_problem_naming_what_is_wrong()
    {
        using var operators = api.ClientAs("operator");

        var badState = await operators.GetAsync("/api/jobs/runs?state=finished");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("\"state\"", await badState.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await operators.GetAsync("/api/jobs/runs?page=1000&pageSize=200")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetAsync("/api/jobs/runs/999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetAsync("/api/jobs/runs/not-a-run")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operators.PostAsync("/api/jobs/runs/999999999/retry", null)).StatusCode);
        var noUpload = await operators.PostAsJsonAsync("/api/jobs/pipeline-runs", new { datasetId = "", uploadId = "u" });
        Assert.Equal(HttpStatusCode.BadRequest, noUpload.StatusCode);
        Assert.Contains("datasetId", await noUpload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Given_someone_other_than_an_operator_When_they_call_the_jobs_api_Then_they_are_refused()
    {
        using var developer = api.ClientAs("developer");
        using var anonymous = api.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await developer.GetAsync("/api/jobs/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs/runs")).StatusCode);
    }
}
