using DataPort.Sandbox;
using DataPort.Sandbox.Database;
using DataPort.Sandbox.Roles;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataPort.Journeys.Tests;

/// <summary>
/// Isolation by construction, checked beneath the plan check: the sandbox's data lives in a database of its own that
/// holds no platform schema, a grant role logged in there (as the server logs it in) cannot call a function outside
/// the allow-list or read who else is connected, and it cannot log in to the platform's database at all.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class SandboxIsolationTests(PortWithCatalog port)
{
    private const string DatasetId = "air-quality-hourly";

    [Fact]
    public async Task Given_the_servers_sandbox_database_Then_it_holds_the_releases_and_their_bookkeeping_only()
    {
        var database = port.Services.GetRequiredService<SandboxDatabase>();
        await using var command = database.DataSource.CreateCommand(
            "SELECT array_agg(nspname ORDER BY nspname) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT LIKE 'sbx\\_%'");

        var others = (string[])(await command.ExecuteScalarAsync())!;

        Assert.True(database.Separate);
        Assert.Equal(["information_schema", "public", "sandbox"], others);
    }

    [Theory]
    [InlineData("SELECT version()")]
    [InlineData("SELECT current_setting('data_directory')")]
    [InlineData("SELECT pg_get_userbyid(10)")]
    [InlineData("SELECT to_regclass('identity.clients')")]
    [InlineData("SELECT count(*) FROM pg_roles")]
    [InlineData("SELECT count(*) FROM pg_stat_activity")]
    [InlineData("SELECT count(*) FROM sandbox.grant_roles")]
    public async Task Given_a_grant_role_in_the_sandbox_database_When_it_calls_what_the_plan_check_would_refuse_Then_postgres_refuses_it(string sql)
    {
        var (developer, grantId, _) = await UsedGrant.WithTableAsync(port, DatasetId);
        using var _ = developer;
        await using var session = await OpenAsGrantAsync(grantId);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(session, sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Given_a_grant_role_When_it_computes_Then_arithmetic_text_dates_and_aggregates_still_work()
    {
        var (developer, grantId, _) = await UsedGrant.WithTableAsync(port, DatasetId);
        using var __ = developer;
        var table = Assert.Single(await developer.Sandbox.ListSandboxVersionsAsync(DatasetId)).QualifiedTable;
        await using var session = await OpenAsGrantAsync(grantId);

        var answer = await ScalarAsync(session,
            $"SELECT concat(round(1.25::numeric, 1), '-', upper('a'), '-', date_trunc('month', date '2026-12-04')::date, '-', count(*) > 0) FROM {table}");

        Assert.Equal("1.3-A-2026-12-01-t", answer);
    }

    [Fact]
    public async Task Given_a_grant_role_When_it_names_a_platform_table_Then_there_is_none_to_name()
    {
        var (developer, grantId, _) = await UsedGrant.WithTableAsync(port, DatasetId);
        using var _ = developer;
        await using var session = await OpenAsGrantAsync(grantId);

        var missing = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(session, "SELECT 'identity.clients'::regclass::oid::text"));

        Assert.Equal(PostgresErrorCodes.InvalidSchemaName, missing.SqlState);
    }

    [Fact]
    public async Task Given_a_grant_login_When_it_connects_to_the_platform_database_Then_it_is_refused()
    {
        var (developer, grantId, _) = await UsedGrant.WithTableAsync(port, DatasetId);
        using var _ = developer;
        var login = port.Services.GetRequiredService<GrantLogins>();
        var platform = new NpgsqlConnectionStringBuilder(login.ConnectionStringFor(SandboxNames.LoginRole(grantId)))
        {
            Database = new NpgsqlConnectionStringBuilder(port.ConnectionString).Database,
        };

        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private async Task<NpgsqlConnection> OpenAsGrantAsync(string grantId)
    {
        var connection = port.Services.GetRequiredService<GrantLogins>().CreateConnection(SandboxNames.LoginRole(grantId));
        await connection.OpenAsync();
        await using var role = new NpgsqlCommand($"SET ROLE {SandboxNames.Quote(SandboxNames.GrantRole(grantId))}", connection);
        await role.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
