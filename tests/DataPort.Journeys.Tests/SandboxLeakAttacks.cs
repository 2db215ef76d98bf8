using System.Text.Json;
using DataPort.Client;

namespace DataPort.Journeys.Tests;

/// <summary>
/// Attacks an outside tester made on the sandbox through the SDK, against the real server and database: making
/// PostgreSQL evaluate something while planning and read it back from the error, probing which names exist, and asking
/// for server facts. Every answer is DataPort's own text: no value, no internal or other tenant's name, no server fact.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class SandboxLeakAttacks(PortWithCatalog port)
{
    private const string DatasetId = "air-quality-hourly";

    /// <summary>What must never appear in an answer: server facts, the platform's schemas and database, grant roles.</summary>
    private static readonly string[] Secrets = ["PostgreSQL 15", "Debian", "127.0.0.1", "identity", "ledger", "dataport_test", "sbx_grant_", "sbx_login_", "data_directory", "/tmp/"];

    [Theory]
    [InlineData("SELECT count(*) FROM {table} WHERE 1 = (version())::int")]
    [InlineData("SELECT count(*) FROM {table} WHERE 1 = (current_setting('data_directory'))::int")]
    [InlineData("SELECT count(*) FROM {table} WHERE 1 = (inet_server_addr())::text::int")]
    [InlineData("SELECT count(*) FROM {table} WHERE 1 = (current_setting('server_version'))::int")]
    [InlineData("SELECT count(*) FROM {table} WHERE 1 = (pg_get_userbyid(10))::text::int")]
    [InlineData("SELECT count(*) FROM {table} WHERE 1 = (current_database())::text::int")]
    public async Task Given_a_function_folded_while_planning_When_its_result_is_cast_to_a_wrong_type_Then_the_error_does_not_carry_it(string sql)
    {
        var (developer, grantId, table) = await GrantAsync();
        using var _ = developer;

        var refused = await Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(
            () => developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grantId, Sql = sql.Replace("{table}", table, StringComparison.Ordinal) }));

        AssertNothingLeaks(refused);
    }

    [Fact]
    public async Task Given_casts_to_regclass_When_one_names_a_platform_table_and_one_names_nothing_Then_both_answers_are_the_same()
    {
        var (developer, grantId, _) = await GrantAsync();
        using var __ = developer;

        var existing = await RefusedAsync(developer, grantId, "SELECT 'identity.users'::regclass::text");
        var missing = await RefusedAsync(developer, grantId, "SELECT 'identity.no_such_table'::regclass::text");
        var schema = await RefusedAsync(developer, grantId, "SELECT count(*) FROM identity.users");
        var noSchema = await RefusedAsync(developer, grantId, "SELECT count(*) FROM no_such_schema.users");

        Assert.Equal((existing.StatusCode, existing.Result.Detail), (missing.StatusCode, missing.Result.Detail));
        Assert.Equal((schema.StatusCode, schema.Result.Detail), (noSchema.StatusCode, noSchema.Result.Detail));
        Assert.All([existing, missing, schema, noSchema], AssertNothingLeaks);
    }

    [Theory]
    [InlineData("SELECT current_user")]
    [InlineData("SELECT session_user")]
    [InlineData("SELECT current_role")]
    [InlineData("SELECT current_schema")]
    [InlineData("SELECT user")]
    [InlineData("SELECT current_catalog")]
    public async Task Given_a_question_about_the_server_When_asked_Then_it_is_refused_before_it_runs(string sql)
    {
        var (developer, grantId, _) = await GrantAsync();
        using var _ = developer;

        var refused = await RefusedAsync(developer, grantId, sql);

        Assert.Equal(403, refused.StatusCode);
        AssertNothingLeaks(refused);
    }

    [Fact]
    public async Task Given_a_syntax_error_When_reported_Then_it_points_into_the_developers_own_query()
    {
        var (developer, grantId, table) = await GrantAsync();
        using var _ = developer;

        var unfinished = await RefusedAsync(developer, grantId, $"SELECT count(*) FROM {table} WHERE");
        var misspelt = await RefusedAsync(developer, grantId, $"SELECT count(*) FORM {table}");

        Assert.Equal((400, "The query has a syntax error at the end of the query."), (unfinished.StatusCode, unfinished.Result.Detail));
        // PostgreSQL reads FORM as an alias and trips on the table name after it: position and text are the developer's own.
        Assert.Equal(22, ((JsonElement)misspelt.Result.AdditionalProperties["position"]).GetInt32());
        Assert.StartsWith($"The query has a syntax error at character 22, near \"{table[..10]}", misspelt.Result.Detail, StringComparison.Ordinal);
        Assert.All([unfinished, misspelt], AssertNothingLeaks);
    }

    private static void AssertNothingLeaks(DataPortApiException<ProblemDetails> refused)
    {
        var text = $"{refused.Result.Title} {refused.Result.Detail} {refused.Response}";
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
    }

    private static Task<DataPortApiException<ProblemDetails>> RefusedAsync(DataPortConnection developer, string grantId, string sql) =>
        Assert.ThrowsAsync<DataPortApiException<ProblemDetails>>(
            () => developer.Sandbox.RunSandboxQueryAsync(new SandboxQueryRequest { GrantId = grantId, Sql = sql }));

    private Task<(DataPortConnection Developer, string GrantId, string Table)> GrantAsync() => UsedGrant.WithTableAsync(port, DatasetId);
}
