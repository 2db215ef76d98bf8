using System.Text.Json;
using DataPort.Sandbox.Queries;

namespace DataPort.Sandbox.Tests;

/// <summary>The plan check's reading of deparsed expressions and plan nodes, without a database.</summary>
public sealed class QueryPlanCheckTests
{
    [Theory]
    [InlineData("count(*)")]
    [InlineData("COALESCE(t.id, 2)")]
    [InlineData("EXTRACT(year FROM t.d)")]
    [InlineData("\"left\"(t.district, 1)")]
    [InlineData("((t.id = ANY ('{1,2}'::integer[])) AND ((t.id <= 3) OR (t.id >= 1)))")]
    [InlineData("'pg_sleep(1)'::text")]
    [InlineData("'it''s pg_read_file(x)'::text")]
    [InlineData("sandbox_query.\"coalesce\"")]
    [InlineData("row_number() OVER (?)")]
    [InlineData("pg_catalog.lower(t.district)")]
    public void Given_allowed_expressions_When_read_Then_nothing_is_found(string expression) =>
        Assert.Null(QueryPlanCheck.FindInExpression(expression));

    [Theory]
    [InlineData("pg_sleep('5'::double precision)", "pg_sleep")]
    [InlineData("\"pg_sleep\"('1'::double precision)", "pg_sleep")]
    [InlineData("pg_catalog.current_setting('role'::text)", "current_setting")]
    [InlineData("other.lower(t.district)", "other.lower")]
    [InlineData("('1'::regclass)::text", "regclass")]
    [InlineData("(g.g)::regrole", "regrole")]
    [InlineData("'abc'::text || version()", "version")]
    [InlineData("CURRENT_CATALOG", "current_catalog")]
    public void Given_expressions_outside_the_grant_When_read_Then_the_call_or_cast_is_named(string expression, string named) =>
        Assert.Contains(named, QueryPlanCheck.FindInExpression(expression), StringComparison.Ordinal);

    [Fact]
    public void Given_a_plan_that_scans_a_table_outside_the_grant_schemas_When_checked_Then_it_is_named()
    {
        using var plan = JsonDocument.Parse("""
            [{"Plan": {"Node Type": "Limit", "Output": ["x.relname"], "Plans": [
              {"Node Type": "Seq Scan", "Relation Name": "pg_class", "Schema": "pg_catalog", "Alias": "x", "Output": ["x.relname"]}]}}]
            """);

        Assert.Equal("the table pg_catalog.pg_class", QueryPlanCheck.FindOutside(plan.RootElement, ["sbx_people_v1"]));
        Assert.Null(QueryPlanCheck.FindOutside(plan.RootElement, ["pg_catalog"]));
    }

    [Fact]
    public void Given_a_function_scan_not_on_the_list_When_checked_Then_it_is_named()
    {
        using var plan = JsonDocument.Parse("""
            [{"Plan": {"Node Type": "Function Scan", "Function Name": "pg_show_all_settings", "Schema": "pg_catalog", "Alias": "a",
              "Output": ["a.name"], "Function Call": "pg_show_all_settings()"}}]
            """);

        Assert.Equal("the function pg_show_all_settings()", QueryPlanCheck.FindOutside(plan.RootElement, ["sbx_people_v1"]));
    }
}
