using System.Text.Json;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Queries;
using Npgsql;

namespace DataPort.Sandbox.Tests;

/// <summary>Given a row-level grant on people v1 (id, district, age): what SQL can and cannot reach.</summary>
[Collection(SandboxCollection.Name)]
public sealed class QueryEnforcementTests(SandboxWithData sandbox)
{
    private async Task<SandboxQueryFailure> FailsAsync(string sql)
    {
        var e = await Assert.ThrowsAsync<SandboxQueryException>(() => sandbox.QueryAsync(sql));
        return e.Failure;
    }

    [Fact]
    public async Task Given_a_query_that_ran_When_its_grant_is_narrowed_Then_the_same_text_is_refused_though_its_plan_check_is_remembered()
    {
        var grant = sandbox.IssueGrant();
        const string Sql = "SELECT id, age FROM sbx_people_v1.people";
        Assert.Equal(20, (await sandbox.QueryAsync(Sql, grant.GrantId)).GetProperty("rowCount").GetInt64());

        sandbox.Grants.Update(grant.GrantId, g => g with { Datasets = [new GrantedDataset("people", new HashSet<string> { "id", "district" }, new HashSet<int> { 1 })] });

        var refused = await Assert.ThrowsAsync<SandboxQueryException>(() => sandbox.QueryAsync(Sql, grant.GrantId));
        Assert.Equal(FailureKind.PermissionDenied, refused.Failure.Kind);
    }

    [Fact]
    public async Task Given_a_query_the_plan_check_refused_When_sent_again_Then_it_is_checked_and_refused_again()
    {
        const string Sql = "SELECT relname FROM pg_class";
        var first = await FailsAsync(Sql);
        var second = await FailsAsync(Sql);
        Assert.Equal(first.Kind, second.Kind);
        Assert.Equal(first.Title, second.Title);
    }

    [Fact]
    public async Task Given_one_query_run_again_and_again_on_the_grants_pooled_connections_Then_every_answer_has_its_exact_numerics()
    {
        // Digits beyond what a .NET decimal holds: exact only when asked for as text on every run.
        const string Sql = "SELECT district, avg(age) * 1000000000000000 AS scaled FROM sbx_people_v1.people GROUP BY district ORDER BY district";
        var first = await sandbox.QueryAsync(Sql);
        Assert.Equal(JsonValueKind.String, first.GetProperty("rows")[0][1].ValueKind);
        for (var run = 0; run < 6; run++)
        {
            Assert.Equal(first.GetProperty("rows").GetRawText(), (await sandbox.QueryAsync(Sql)).GetProperty("rows").GetRawText());
        }
    }

    [Fact]
    public async Task Given_granted_columns_When_queried_Then_rows_come_back_with_only_those_columns()
    {
        var result = await sandbox.QueryAsync("SELECT id, district, age FROM sbx_people_v1.people ORDER BY id");

        Assert.Equal(["id", "district", "age"], result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(20, result.GetProperty("rowCount").GetInt64());
        Assert.False(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
        Assert.DoesNotContain(SandboxWithData.SecretMarker, result.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_the_search_path_When_a_table_is_named_without_schema_Then_the_granted_version_is_read()
    {
        var result = await sandbox.QueryAsync("select count(*) from people;");

        Assert.Equal(20, result.GetProperty("rows")[0][0].GetInt64());
    }

    [Theory]
    [InlineData("SELECT name FROM sbx_people_v1.people")]
    [InlineData("SELECT * FROM sbx_people_v1.people")]
    [InlineData("SELECT id FROM sbx_people_v1.people WHERE name LIKE 'SECRET%'")]
    [InlineData("SELECT count(income) FROM sbx_people_v1.people")]
    public async Task Given_a_column_outside_the_grant_When_queried_Then_postgres_refuses_with_permission_denied(string sql)
    {
        var failure = await FailsAsync(sql);

        Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
        Assert.StartsWith("The query names a table, column, schema or function the grant does not cover.", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("permission denied", failure.Detail, StringComparison.Ordinal);
        // What to name instead: the granted columns, never the one refused.
        Assert.EndsWith("It may read: sbx_people_v1.people (id, district, age).", failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT id FROM sbx_people_v2.people")]
    [InlineData("SELECT code FROM sbx_places_v1.places")]
    [InlineData("SELECT * FROM sandbox.query_log")]
    [InlineData("SELECT * FROM sandbox.grant_roles")]
    [InlineData("SELECT * FROM public.schema_version")]
    public async Task Given_a_table_outside_the_grant_When_queried_Then_postgres_refuses_with_permission_denied(string sql)
    {
        var failure = await FailsAsync(sql);

        Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
    }

    [Theory]
    [InlineData("INSERT INTO sbx_people_v1.people (id) VALUES (99)")]
    [InlineData("UPDATE sbx_people_v1.people SET age = 1")]
    [InlineData("DELETE FROM sbx_people_v1.people")]
    [InlineData("CREATE TABLE t (x int)")]
    [InlineData("CREATE TEMP TABLE t AS SELECT id FROM sbx_people_v1.people")]
    [InlineData("DROP TABLE sbx_people_v1.people")]
    [InlineData("TRUNCATE sbx_people_v1.people")]
    [InlineData("COPY sbx_people_v1.people TO STDOUT")]
    [InlineData("COPY (SELECT id FROM sbx_people_v1.people) TO '/tmp/leak.csv'")]
    [InlineData("RESET ROLE; SELECT name FROM sbx_people_v1.people")]
    [InlineData("SET ROLE dataport")]
    [InlineData("SET SESSION AUTHORIZATION dataport")]
    [InlineData("SET statement_timeout = 0")]
    [InlineData("DO $$ BEGIN PERFORM 1; END $$")]
    [InlineData("GRANT SELECT ON sbx_people_v1.people TO PUBLIC")]
    [InlineData("  /* comment */ -- another\n  ALTER ROLE CURRENT_USER SUPERUSER")]
    public async Task Given_a_statement_that_is_not_a_query_When_sent_Then_it_is_refused_before_it_runs(string sql)
    {
        var e = await Assert.ThrowsAsync<SandboxValidationException>(() => sandbox.QueryAsync(sql));

        Assert.Contains("Only a single read-only query", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT 1; DELETE FROM sbx_people_v1.people")]
    [InlineData("SELECT 1) AS q; SET ROLE dataport; SELECT * FROM (SELECT 1")]
    [InlineData("SELECT 1) AS q; RESET ROLE; SELECT name FROM sbx_people_v1.people; SELECT * FROM (SELECT 1")]
    public async Task Given_a_second_statement_When_sent_Then_it_is_refused_and_nothing_of_it_runs(string sql)
    {
        var failure = await FailsAsync(sql);

        Assert.Equal(FailureKind.Refused, failure.Kind);
        Assert.Contains("one statement", failure.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_a_data_modifying_cte_When_sent_Then_it_fails_and_the_data_is_intact()
    {
        await Assert.ThrowsAsync<SandboxQueryException>(() =>
            sandbox.QueryAsync("WITH d AS (DELETE FROM sbx_people_v1.people RETURNING id) SELECT id FROM d"));

        var result = await sandbox.QueryAsync("SELECT count(*) FROM sbx_people_v1.people");
        Assert.Equal(20, result.GetProperty("rows")[0][0].GetInt64());
    }

    [Theory]
    [InlineData("SELECT set_config('role', 'dataport', true)")]
    [InlineData("SELECT set_config('session_authorization', 'dataport', true)")]
    [InlineData("SELECT set_config('statement_timeout', '0', true), pg_sleep(5)")]
    public async Task Given_set_config_to_switch_identity_or_limits_When_sent_Then_it_is_refused_before_it_runs(string sql)
    {
        var failure = await FailsAsync(sql);

        Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
        Assert.Contains("set_config()", failure.Detail, StringComparison.Ordinal);
    }

    /// <summary>Below the plan check, PostgreSQL's own privileges hold: the statement is run on a grant session directly.</summary>
    private async Task<PostgresException> DatabaseRefusesAsync(string sql)
    {
        var roles = await sandbox.Roles.SyncGrantAsync(sandbox.RowGrant());
        await using var session = await GrantSession.OpenAsync(sandbox.Logins, sandbox.Options, roles!, CancellationToken.None);
        await using var command = session.CreateCommand(sql);
        return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Given_another_grants_role_When_switched_to_inside_the_statement_Then_postgres_refuses()
    {
        // The aggregate grant's role may read income; a shared login role would let this query read it.
        var other = await sandbox.Roles.SyncGrantAsync((await sandbox.Grants.FindAsync(sandbox.AggregateGrantId))!);

        var e = await DatabaseRefusesAsync(
            $"SELECT set_config('role', '{other!.GrantRole}', true), query_to_xml('SELECT income FROM sbx_people_v1.people', true, false, '')");

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task Given_the_role_reset_inside_the_statement_When_sql_text_is_run_Then_the_login_role_reads_nothing()
    {
        var e = await DatabaseRefusesAsync(
            "SELECT set_config('role', 'none', true), query_to_xml('SELECT id FROM sbx_people_v1.people', true, false, '')");

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task Given_a_server_file_function_on_a_grant_session_When_run_directly_Then_postgres_refuses_too()
    {
        var e = await DatabaseRefusesAsync("SELECT pg_read_file('/etc/passwd')");

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task Given_the_login_role_without_set_role_When_it_reads_the_data_Then_postgres_refuses()
    {
        var roles = await sandbox.Roles.SyncGrantAsync(sandbox.RowGrant());
        await using var connection = new NpgsqlConnection(sandbox.Logins.ConnectionStringFor(roles!.LoginRole));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM sbx_people_v1.people", connection);

        var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task Given_a_query_that_runs_past_the_timeout_When_sent_Then_it_is_cancelled_with_a_clear_error()
    {
        // 20^7 rows of a nested loop over granted data: legitimate, just far too slow.
        var failure = await FailsAsync(
            "SELECT count(*) FROM people a, people b, people c, people d, people e, people f, people g");

        Assert.Equal(FailureKind.Cancelled, failure.Kind);
        Assert.Contains("cancelled after 2 s", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_pg_sleep_When_sent_Then_it_is_refused_before_it_runs()
    {
        var failure = await FailsAsync("SELECT pg_sleep(5)");

        Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
        Assert.Contains("pg_sleep()", failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT pg_read_file('/etc/passwd')")]
    [InlineData("SELECT pg_read_binary_file('postgresql.conf')")]
    [InlineData("SELECT * FROM pg_ls_dir('.')")]
    [InlineData("SELECT lo_import('/etc/passwd')")]
    [InlineData("SELECT current_setting('data_directory')")]
    [InlineData("SELECT current_setting('hba_file')")]
    [InlineData("SELECT * FROM pg_stat_file('postgresql.conf')")]
    [InlineData("SELECT rolpassword FROM pg_authid")]
    [InlineData("SELECT passwd FROM pg_shadow")]
    [InlineData("SELECT * FROM pg_statistic")]
    public async Task Given_a_server_file_or_secret_setting_When_read_Then_postgres_refuses(string sql)
    {
        var failure = await FailsAsync(sql);

        Assert.Equal(FailureKind.PermissionDenied, failure.Kind);
    }

    [Fact]
    public async Task Given_more_rows_than_the_cap_When_queried_Then_the_result_is_cut_and_says_so()
    {
        var result = await sandbox.QueryAsync("SELECT g FROM generate_series(1, 1000) AS g");

        Assert.Equal(50, result.GetProperty("rowCount").GetInt64());
        Assert.Equal(50, result.GetProperty("rows").GetArrayLength());
        Assert.True(result.GetProperty("truncated").GetBoolean());
    }
}
