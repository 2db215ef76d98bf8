using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Sandbox.Grants;

namespace DataPort.Sandbox.Tests.Api;

/// <summary>The sandbox over HTTP: status codes, problem details, formats, scopes.</summary>
public sealed class SandboxApiTests(ApiWithSandbox sandbox) : IClassFixture<ApiWithSandbox>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>())!;
    }

    private Task<HttpResponseMessage> QueryAsync(string sql, string? format = null, string? grantId = null, HttpClient? client = null) =>
        (client ?? sandbox.Client()).PostAsJsonAsync("/api/sandbox/queries", new { grantId = grantId ?? sandbox.GrantId, sql, format });

    [Fact]
    public async Task Given_a_granted_query_When_posted_Then_the_rows_stream_back_as_json()
    {
        var response = await QueryAsync("SELECT id, district FROM sbx_people_v1.people ORDER BY id");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, body.GetProperty("rowCount").GetInt32());
        Assert.Equal("A", body.GetProperty("rows")[0][1].GetString());
        Assert.DoesNotContain(SandboxWithData.SecretMarker, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_column_outside_the_grant_When_posted_Then_403_says_so_in_dataports_words()
    {
        var response = await QueryAsync("SELECT name FROM sbx_people_v1.people");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("the grant does not cover", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("permission denied", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("permission-denied", problem.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Given_a_query_past_the_timeout_When_posted_Then_408_says_it_was_cancelled()
    {
        var response = await QueryAsync("SELECT count(*) FROM people a, people b, people c, people d, people e, people f, people g");

        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Contains("cancelled after 2 s", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE FROM sbx_people_v1.people", "Only a single read-only query")]
    [InlineData("SELECT 1; SELECT 2", "one statement")]
    [InlineData("RESET ROLE; SELECT name FROM sbx_people_v1.people", "Only a single read-only query")]
    public async Task Given_a_statement_that_is_refused_When_posted_Then_400_says_why(string sql, string expected)
    {
        var response = await QueryAsync(sql);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_accept_text_csv_When_posted_Then_the_result_is_csv()
    {
        var client = sandbox.Client();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/csv");

        var response = await QueryAsync("SELECT id, district FROM sbx_people_v1.people ORDER BY id LIMIT 2", client: client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("id,district\r\n1,A\r\n2,A\r\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Given_format_parquet_When_posted_Then_a_parquet_file_comes_back_with_its_row_count()
    {
        var response = await QueryAsync("SELECT id, district, age, income FROM sbx_people_v1.people", format: "parquet");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        Assert.Equal("PAR1"u8.ToArray(), bytes[^4..]);
        Assert.Equal("20", response.Headers.GetValues("X-Sandbox-Row-Count").Single());
        Assert.Equal("false", response.Headers.GetValues("X-Sandbox-Truncated").Single());
    }

    [Fact]
    public async Task Given_an_unknown_format_When_posted_Then_406()
    {
        var response = await QueryAsync("SELECT 1", format: "xml");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Given_a_suspended_grant_When_its_next_query_is_posted_Then_403_names_the_reason()
    {
        var grant = (await sandbox.Grants.FindAsync(sandbox.GrantId))! with { GrantId = Guid.NewGuid().ToString() };
        sandbox.Grants.Put(grant);
        Assert.Equal(HttpStatusCode.OK, (await QueryAsync("SELECT id FROM sbx_people_v1.people", grantId: grant.GrantId)).StatusCode);

        sandbox.Grants.Update(grant.GrantId, g => g with { Status = SandboxGrantStatus.Suspended });
        var response = await QueryAsync("SELECT id FROM sbx_people_v1.people", grantId: grant.GrantId);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("grant-suspended", (await ProblemAsync(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Given_an_aggregation_When_answered_over_http_Then_small_groups_are_left_out_and_the_answer_says_how_it_was_protected()
    {
        var response = await sandbox.Client().PostAsJsonAsync("/api/sandbox/aggregations", new
        {
            grantId = sandbox.AggregateGrantId, datasetId = "people", version = 1, groupBy = new[] { "district" },
            metrics = new object[] { new { function = "count" }, new { function = "avg", column = "age" } },
            filters = new object[] { new { column = "age", @operator = "lt", value = 100 } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("groups").GetArrayLength());
        Assert.False(body.TryGetProperty("suppressedGroups", out _));
        Assert.Equal("exact", body.GetProperty("privacy").GetProperty("mechanism").GetString());
    }

    [Fact]
    public async Task Given_an_aggregate_only_grant_When_sql_is_posted_Then_403()
    {
        var response = await QueryAsync("SELECT district FROM sbx_people_v1.people", grantId: sandbox.AggregateGrantId);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("aggregate-only", (await ProblemAsync(response)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Given_a_download_licence_When_downloading_Then_parquet_of_the_granted_columns_comes_back()
    {
        var response = await sandbox.Client().GetAsync($"/api/sandbox/datasets/people/versions/1/download?grantId={sandbox.GrantId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("PAR1"u8.ToArray(), bytes[..4]);
        // Column names sit uncompressed in the Thrift footer: the granted ones are there, the others are not.
        var footer = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.Contains("district", footer, StringComparison.Ordinal);
        Assert.Contains("income", footer, StringComparison.Ordinal);
        Assert.DoesNotContain("born", footer, StringComparison.Ordinal);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Given_a_sandbox_only_licence_When_downloading_Then_403()
    {
        var response = await sandbox.Client().GetAsync($"/api/sandbox/datasets/people/versions/1/download?grantId={sandbox.AggregateGrantId}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Given_an_app_token_without_the_sandbox_scope_When_querying_Then_403_names_the_scope()
    {
        var response = await QueryAsync("SELECT 1", client: sandbox.Client($"{SandboxWithData.Developer};org-dev;app-1;data.download"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("sandbox.query", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_an_app_token_with_the_sandbox_scope_When_querying_Then_it_runs()
    {
        var response = await QueryAsync("SELECT id FROM sbx_people_v1.people",
            client: sandbox.Client($"{SandboxWithData.Developer};org-dev;app-1;sandbox.query data.download"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Given_no_caller_When_querying_Then_401()
    {
        var response = await sandbox.Api.CreateClient().PostAsJsonAsync("/api/sandbox/queries", new { grantId = sandbox.GrantId, sql = "SELECT 1" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
