using DataPort.Database;
using DataPort.Testing;
using Npgsql;

namespace DataPort.Cli.Tests;

public sealed class DbMigrateTests(EmptyTestDatabase database) : IClassFixture<EmptyTestDatabase>
{
    [Fact]
    public async Task Given_the_connection_in_the_environment_When_migrate_runs_Then_it_uses_it()
    {
        var result = await Dataport.RunAsync(["db", "migrate"],
            new Dictionary<string, string?> { [DatabaseOptions.EnvironmentVariable] = database.ConnectionString });

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Given_no_connection_When_migrate_runs_Then_it_says_what_to_set_and_fails()
    {
        var result = await Dataport.RunAsync(["db", "migrate"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("ConnectionStrings__DataPort", result.Error);
    }

    [Fact]
    public async Task Given_an_unreachable_server_When_migrate_runs_Then_it_fails_with_a_message()
    {
        var result = await Dataport.RunAsync(["db", "migrate", "--connection", "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2"]);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.StartsWith("error:", result.Error);
    }

    [Fact]
    public async Task Given_an_unknown_option_When_dataport_runs_Then_usage_error()
    {
        var result = await Dataport.RunAsync(["db", "migrate", "--no-such-option"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error);
    }
}

/// <summary>Its own database: the first run must find it empty, whatever order the other tests run in.</summary>
public sealed class DbMigrateTwiceTests(EmptyTestDatabase database) : IClassFixture<EmptyTestDatabase>
{
    [Fact]
    public async Task Given_an_empty_database_When_migrate_runs_twice_Then_the_second_run_changes_nothing()
    {
        var first = await Dataport.RunAsync(["db", "migrate", "--connection", database.ConnectionString]);
        var applied = await CountAppliedAsync();

        var second = await Dataport.RunAsync(["db", "migrate", "--connection", database.ConnectionString]);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 0001_platform", first.Output);
        Assert.Equal(Migration.Shipped.Count, applied);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output);
        Assert.Equal(applied, await CountAppliedAsync());
    }

    private async Task<int> CountAppliedAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM public.schema_version", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }
}
