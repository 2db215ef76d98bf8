using System.Net;
using System.Net.Http.Json;
using DataPort.Domain.Grants;
using DataPort.Server.Endpoints;
using DataPort.Trading.Usage;

namespace DataPort.Jobs.Tests;

/// <summary>Fixture: the server on a fresh database where two grants were used in one hour, rolled up.</summary>
public sealed class ApiWithRolledUpUsage : IAsyncLifetime
{
    public static readonly DateTimeOffset Hour = new(2026, 3, 12, 10, 0, 0, TimeSpan.Zero);

    public JobsDatabase Database { get; } = new();

    public JobsApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Api = new JobsApi(Database.ConnectionString);
        using var usage = UsageEvents.For(Database.ConnectionString);
        await usage.GrantAsync("g-mine", "ds-bus", "org-1", "org-owner");
        await usage.GrantAsync("g-theirs", "ds-bus", "org-2", "org-owner");
        await usage.UsedAsync("g-mine", UseKind.SandboxQuery, 5, Hour.AddMinutes(1));
        await usage.UsedAsync("g-theirs", UseKind.Download, 50, Hour.AddMinutes(2));
        await new HourlyUsage(Database.DataSource, TimeProvider.System).RollUpHourAsync(Hour, default);
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class Organisations_read_their_usage(ApiWithRolledUpUsage fixture) : IClassFixture<ApiWithRolledUpUsage>
{
    private const string Period = "/api/usage?from=2026-03-12T00:00:00Z&to=2026-03-13T00:00:00Z";
    private static readonly DateTimeOffset Hour = ApiWithRolledUpUsage.Hour;
    private readonly JobsApi api = fixture.Api;

    private HttpClient As(string organisation, string role)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add(JobsApi.ActorHeader, $"user-1;{organisation};{role}");
        return client;
    }

    [Fact]
    public async Task Given_rolled_up_usage_When_a_developer_asks_Then_only_their_organisations_grants_are_shown()
    {
        var report = await As("org-1", "developer").GetFromJsonAsync<UsageReport>(Period);

        var bucket = Assert.Single(report!.Items);
        Assert.Equal(("g-mine", Hour, 1L, 5L), (bucket.GrantId, bucket.HourStart, bucket.Queries, bucket.Rows));
        Assert.Equal("org-1", report.OrganisationId);
    }

    [Fact]
    public async Task Given_rolled_up_usage_When_the_dataset_owner_or_an_operator_asks_Then_they_see_every_grant_they_may()
    {
        var owner = await As("org-owner", "merchant").GetFromJsonAsync<UsageReport>(Period);
        var operatorView = await As("org-ops", "operator").GetFromJsonAsync<UsageReport>(Period);
        var oneOrganisation = await As("org-ops", "operator").GetFromJsonAsync<UsageReport>(Period + "&organisationId=org-2");

        Assert.Equal(["g-mine", "g-theirs"], owner!.Items.Select(b => b.GrantId));
        Assert.Equal(["g-mine", "g-theirs"], operatorView!.Items.Select(b => b.GrantId));
        Assert.Equal(("g-theirs", 1L), (Assert.Single(oneOrganisation!.Items).GrantId, oneOrganisation.Items[0].Downloads));
    }

    [Fact]
    public async Task Given_a_developer_When_they_ask_for_another_organisation_or_a_bad_period_Then_they_are_refused()
    {
        var other = await As("org-1", "developer").GetAsync(Period + "&organisationId=org-2");
        var backwards = await As("org-1", "developer").GetAsync("/api/usage?from=2026-03-13T00:00:00Z&to=2026-03-12T00:00:00Z");
        var anonymous = await api.CreateClient().GetAsync(Period);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
