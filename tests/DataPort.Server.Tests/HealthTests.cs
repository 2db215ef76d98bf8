using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Testing;
using Npgsql;

namespace DataPort.Server.Tests;

public sealed class HealthTests(ApiWithDatabase fixture) : IClassFixture<ApiWithDatabase>
{
    [Fact]
    public async Task Given_a_reachable_database_When_readiness_is_asked_Then_it_is_healthy()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "postgres");
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "sandbox");
    }

    [Fact]
    public async Task When_liveness_is_asked_Then_it_is_healthy()
    {
        var response = await fixture.Api.CreateClient().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>
/// Its own databases, which the test takes away from the running server. (A server cannot start without its database:
/// its Orleans silo finds the cluster there.)
/// </summary>
public sealed class LosingTheDatabaseTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task Given_a_running_server_When_its_databases_become_unreachable_Then_readiness_is_503_with_problem_details()
    {
        await using var api = new DataPortApi(database.ConnectionString);
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await RefuseConnectionsAsync(allow: false);
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync("/health/ready");
        }
        finally
        {
            await RefuseConnectionsAsync(allow: true);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("PostgreSQL", problem.GetProperty("detail").GetString());
        Assert.Contains("sandbox database", problem.GetProperty("detail").GetString());
    }

    // New connections to both databases are refused and the open ones ended, as when the server is cut off.
    private async Task RefuseConnectionsAsync(bool allow)
    {
        await using var admin = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await admin.OpenAsync();
        foreach (var name in new[] { database.Name, database.Name + "_sandbox" })
        {
            await using var command = new NpgsqlCommand($"""
                ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")};
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND NOT {allow};
                """, admin);
            await command.ExecuteNonQueryAsync();
        }
    }
}
