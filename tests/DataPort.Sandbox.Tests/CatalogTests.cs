using DataPort.Sandbox.Queries;

namespace DataPort.Sandbox.Tests;

/// <summary>
/// Given a row-level grant on people v1: nothing from outside the grant — catalogs, other schemas, roles, settings,
/// other sessions, server facts — reaches a response; ordinary analytical SQL still runs.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class CatalogTests(SandboxWithData sandbox)
{
    [Theory]
    [InlineData("SELECT relname FROM pg_class")]
    [InlineData("SELECT schemaname, tablename FROM pg_tables")]
    [InlineData("SELECT table_schema, table_name FROM information_schema.tables")]
    [InlineData("SELECT column_name FROM information_schema.columns WHERE table_schema = 'sandbox'")]
    [InlineData("SELECT pid, usename, application_name, query FROM pg_stat_activity")]
    [InlineData("SELECT * FROM pg_stat_get_activity(NULL)")]
    [InlineData("SELECT name, setting FROM pg_settings")]
    [InlineData("SELECT rolname FROM pg_roles")]
    [InlineData("SELECT usename FROM pg_user")]
    [InlineData("SELECT nspname FROM pg_namespace")]
    [InlineData("SELECT datname FROM pg_database")]
    [InlineData("TABLE pg_catalog.pg_proc")]
    [InlineData("SELECT g::regclass::text FROM generate_series(1, 20000) AS g")]
    [InlineData("SELECT g::regrole FROM generate_series(1, 20000) AS g")]
    [InlineData("SELECT 'people'::regclass")]
    [InlineData("SELECT pg_get_userbyid(10)")]
    [InlineData("SELECT current_setting('server_version')")]
    [InlineData("SELECT version()")]
    [InlineData("SELECT inet_server_addr()")]
    [InlineData("SELECT current_database()")]
    [InlineData("SELECT current_catalog")]
    [InlineData("SELECT pg_backend_pid()")]
    [InlineData("SELECT to_regclass('sandbox.grant_roles')")]
    [InlineData("SELECT has_table_privilege('sandbox.query_log', 'SELECT')")]
    [InlineData("SELECT obj_description(1259)")]
    [InlineData("SELECT query_to_xml('SELECT 1', true, false, '')")]
    [InlineData("SELECT id FROM people WHERE EXISTS (SELECT 1 FROM pg_stat_activity WHERE usename = 'dataport')")]
    [InlineData("SELECT id, (SELECT relname FROM pg_class LIMIT 1) FROM people")]
    [InlineData("WITH c AS MATERIALIZED (SELECT relname FROM pg_class) SELECT * FROM c")]
    [InlineData("SELECT * FROM people, LATERAL (SELECT * FROM pg_ls_dir('.')) AS f")]
    [InlineData("SELECT \"pg_sleep\"(1)")]
    [InlineData("SELECT pg_catalog.pg_sleep(1)")]
    [InlineData("SELECT count(*) FROM people WHERE age > (SELECT count(*) FROM pg_authid)")]
    public async Task Given_sql_that_reaches_catalogs_or_server_facts_When_sent_Then_it_is_refused_before_it_runs(string sql)
    {
        var e = await Assert.ThrowsAsync<SandboxQueryException>(() => sandbox.QueryAsync(sql));

        Assert.Equal(FailureKind.PermissionDenied, e.Failure.Kind);
        Assert.DoesNotContain("dataport", e.Failure.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT district, count(*), round(avg(age), 1), min(age), max(age) FROM people GROUP BY district ORDER BY district")]
    [InlineData("SELECT id, row_number() OVER (PARTITION BY district ORDER BY age DESC), lag(age) OVER (ORDER BY id) FROM people")]
    [InlineData("SELECT coalesce(district, '?'), upper(district), \"left\"(district, 1), length(district) FROM people")]
    [InlineData("SELECT date_trunc('month', now()), extract(year FROM now()), now() - interval '1 day'")]
    [InlineData("SELECT district, string_agg(id::text, ',' ORDER BY id) FROM people GROUP BY district")]
    [InlineData("SELECT g, g * 2 FROM generate_series(1, 5) AS g")]
    [InlineData("SELECT id FROM people WHERE district IN ('A', 'B') AND age BETWEEN 20 AND 40 AND NOT (id > 15)")]
    [InlineData("SELECT CASE WHEN age > 30 THEN 'old' ELSE 'young' END, count(*) FILTER (WHERE id > 3) FROM people GROUP BY 1")]
    [InlineData("WITH a AS (SELECT district, age FROM people) SELECT * FROM a WHERE EXISTS (SELECT 1 FROM people p WHERE p.id = 1)")]
    [InlineData("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY age) FROM people")]
    [InlineData("SELECT json_build_object('district', district, 'age', age) FROM people")]
    [InlineData("SELECT 'pg_sleep(1) and pg_class and current_user' AS only_text")]
    [InlineData("SELECT a.id, b.age FROM people a JOIN sbx_people_v1.people b ON a.id = b.id + 1 ORDER BY a.id")]
    public async Task Given_ordinary_analytical_sql_on_granted_columns_When_sent_Then_it_runs(string sql)
    {
        var result = await sandbox.QueryAsync(sql);

        Assert.True(result.GetProperty("rowCount").GetInt64() > 0);
    }
}
