using System.Text.Json;
using DataPort.Testing;

namespace DataPort.Cli.Tests;

/// <summary><c>dataport users</c> on a migrated database: accounts made through ASP.NET Core Identity, and two-factor reset.</summary>
public sealed class UsersCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_a_new_person_When_added_twice_Then_the_first_run_creates_the_account_and_the_second_refuses_unless_told_it_may_exist()
    {
        var email = $"{Guid.NewGuid():N}@example.org";

        var created = await Run("users", "add", "--org", "cli-test-org", "--email", email, "--role", "merchant", "--org-name", "CLI test");
        var again = await Run("users", "add", "--org", "cli-test-org", "--email", email, "--role", "merchant");
        var tolerated = await Run("users", "add", "--org", "cli-test-org", "--email", email, "--role", "merchant", "--if-missing");

        Assert.Equal(0, created.ExitCode);
        var output = JsonDocument.Parse(created.Output).RootElement;
        Assert.Equal(20, output.GetProperty("password").GetString()!.Length);
        Assert.Equal((email, true, false), await ScalarsAsync(email));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(0, tolerated.ExitCode);
        Assert.True(JsonDocument.Parse(tolerated.Output).RootElement.GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task Given_a_person_who_lost_their_authenticator_When_two_factor_is_reset_Then_it_is_off_and_the_key_and_codes_are_gone()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        Assert.Equal(0, (await Run("users", "add", "--org", "cli-test-org", "--email", email, "--role", "operator")).ExitCode);
        await using (var enrol = database.DataSource.CreateCommand("""
            WITH enrolled AS (UPDATE identity.users SET two_factor_enabled = true WHERE user_name = $1 RETURNING id)
            INSERT INTO identity.user_tokens (user_id, login_provider, name, value)
            SELECT id, '[AspNetUserStore]', 'AuthenticatorKey', 'sealed' FROM enrolled
            """))
        {
            enrol.Parameters.Add(new() { Value = email });
            await enrol.ExecuteNonQueryAsync();
        }

        var reset = await Run("users", "reset-two-factor", "--email", email);
        var unknown = await Run("users", "reset-two-factor", "--email", "nobody@example.org");

        Assert.Equal(0, reset.ExitCode);
        var (_, hasPassword, twoFactor) = await ScalarsAsync(email);
        Assert.True(hasPassword);
        Assert.False(twoFactor);
        await using var tokens = database.DataSource.CreateCommand(
            "SELECT count(*) FROM identity.user_tokens t JOIN identity.users u ON u.id = t.user_id WHERE u.user_name = $1");
        tokens.Parameters.Add(new() { Value = email });
        Assert.Equal(0L, await tokens.ExecuteScalarAsync());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no account", unknown.Error);
    }

    private Task<CliResult> Run(params string[] arguments) => Dataport.RunAsync([.. arguments, "--connection", database.ConnectionString]);

    private async Task<(string Email, bool HasV3Hash, bool TwoFactor)> ScalarsAsync(string email)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT email, password_hash, two_factor_enabled FROM identity.users WHERE normalized_email = upper($1)");
        command.Parameters.Add(new() { Value = email });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), Convert.FromBase64String(reader.GetString(1))[0] == 0x01, reader.GetBoolean(2));
    }
}
