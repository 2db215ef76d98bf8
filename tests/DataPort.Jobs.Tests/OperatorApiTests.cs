using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataPort.Jobs.Tests;

/// <summary>Fixture: the server with its scheduler on a fresh database, and the test jobs stored.</summary>
public sealed class ApiWithScheduler : IAsyncLifetime
{
    public JobsDatabase Database { get; } = new();

    public JobsApi Api { get; private set; } = null!;

    public JobRuns Runs => Api.Services.GetRequiredService<JobRuns>();

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Api = new JobsApi(Database.ConnectionString);
        _ = Api.CreateClient(); // starts the host
        var scheduler = await Api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await Eventually.TrueAsync(() => Task.FromResult(scheduler.Status == SchedulerStatus.Running), "the scheduler to start");
        await TestJobs.AddAsync(scheduler);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class Operators_manage_job_runs(ApiWithScheduler fixture) : IClassFixture<ApiWithScheduler>
{
    private readonly HttpClient operatorClient = fixture.Api.ClientAs("operator");

    [Fact]
    public async Task Given_no_operator_role_When_runs_are_listed_Then_401_or_403()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Api.CreateClient().GetAsync("/api/jobs/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Api.ClientAs("developer").GetAsync("/api/jobs/runs")).StatusCode);
    }

    [Fact]
    public async Task Given_a_failed_run_When_an_operator_lists_and_retries_it_Then_it_runs_again_and_a_second_retry_is_refused_while_it_runs()
    {
        var runId = await fixture.Runs.EnqueueAsync(TestJobs.Failing, new Dictionary<string, string>());
        await Eventually.ValueAsync(() => fixture.Runs.GetAsync(runId), r => r.State == JobRunState.Failed, "the run to fail");

        var page = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/jobs/runs?state=failed&job={TestJobs.Failing.Name}");
        var listed = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(runId, listed.GetProperty("id").GetGuid());
        Assert.Equal("failed", listed.GetProperty("state").GetString());
        Assert.Equal(3, listed.GetProperty("attempts").GetInt32());
        Assert.Contains("refused the connection", listed.GetProperty("error").GetString());

        var retry = await operatorClient.PostAsync($"/api/jobs/runs/{runId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal($"/api/jobs/runs/{runId}", retry.Headers.Location?.OriginalString);

        var again = await operatorClient.PostAsync($"/api/jobs/runs/{runId}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        // The retried run fails again through its own retries: three more attempts.
        var failedAgain = await Eventually.ValueAsync(() => fixture.Runs.GetAsync(runId), r => r.State == JobRunState.Failed && r.Attempts == 6, "the retried run to fail again");
        Assert.Equal(6, failedAgain.Attempts);
    }

    [Fact]
    public async Task Given_a_run_for_later_When_an_operator_deletes_it_Then_it_never_runs_and_cannot_be_deleted_twice()
    {
        var id = await fixture.Runs.EnqueueAsync(TestJobs.Counting, new Dictionary<string, string> { ["source"] = "later" }, DateTimeOffset.UtcNow.AddHours(1));
        var run = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/jobs/runs/{id}");
        Assert.Equal("scheduled", run.GetProperty("state").GetString());
        Assert.Equal("later", run.GetProperty("arguments").GetProperty("source").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"/api/jobs/runs/{id}")).StatusCode);

        var deleted = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/jobs/runs/{id}");
        Assert.Equal("deleted", deleted.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.DeleteAsync($"/api/jobs/runs/{id}")).StatusCode);
        var scheduler = await fixture.Api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.False(await scheduler.Exists(new TriggerKey($"run-{id:N}", JobSchedule.RunTriggerGroup)));
    }

    [Fact]
    public async Task Given_bad_input_When_calls_are_made_Then_problem_details()
    {
        var badState = await operatorClient.GetAsync("/api/jobs/runs?state=exploded");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal("application/problem+json", badState.Content.Headers.ContentType?.MediaType);

        var missing = await operatorClient.GetAsync($"/api/jobs/runs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var notFailed = await fixture.Runs.EnqueueAsync(TestJobs.Counting, new Dictionary<string, string>());
        await Eventually.ValueAsync(() => fixture.Runs.GetAsync(notFailed), r => r.State == JobRunState.Succeeded, "the run to succeed");
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsync($"/api/jobs/runs/{notFailed}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.DeleteAsync($"/api/jobs/runs/{notFailed}")).StatusCode);
    }
}
