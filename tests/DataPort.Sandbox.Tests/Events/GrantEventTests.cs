using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Roles;
using Npgsql;
using Xunit.Abstractions;

namespace DataPort.Sandbox.Tests.Events;

/// <summary>Given two server processes: grant events alone create, drop and restore a grant's roles — no query needed.</summary>
public sealed class GrantEventTests(SandboxNodesWithGrants nodes, ITestOutputHelper output) : IClassFixture<SandboxNodesWithGrants>
{
    private static string NewGrantId() => Guid.NewGuid().ToString();

    private string LoginConnection(string grantId) =>
        nodes.First.Get<GrantLogins>().ConnectionStringFor(SandboxNames.LoginRole(grantId));

    private async Task<bool> CanReadAsync(string grantId, string column)
    {
        await using var command = nodes.DataSource.CreateCommand("SELECT has_column_privilege($1, 'sbx_people_v1.people', $2, 'SELECT')");
        command.Parameters.Add(new() { Value = SandboxNames.GrantRole(grantId) });
        command.Parameters.Add(new() { Value = column });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<PostgresException> LoginFailsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
    }

    [Fact]
    public async Task Given_a_grant_request_When_the_owner_issues_it_Then_its_roles_exist_with_only_the_granted_columns_before_any_query()
    {
        var grantId = NewGrantId();

        await nodes.IssueAsync(grantId);

        var elapsed = await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: true);
        output.WriteLine($"GrantIssued appended → login role created: {elapsed.TotalMilliseconds:0} ms");
        Assert.True(await nodes.RoleExistsAsync(SandboxNames.GrantRole(grantId)));
        Assert.True(await CanReadAsync(grantId, "age"));
        Assert.False(await CanReadAsync(grantId, "name"));
        Assert.False(await CanReadAsync(grantId, "income"));
        await using var connection = new NpgsqlConnection(LoginConnection(grantId));
        await connection.OpenAsync();
    }

    [Fact]
    public async Task Given_a_grant_on_a_dataset_not_in_the_sandbox_When_issued_Then_no_cluster_roles_are_made_for_it()
    {
        var elsewhere = NewGrantId();
        var after = NewGrantId();

        await nodes.IssueAsync(elsewhere, datasetId: "not_loaded");
        await nodes.IssueAsync(after);

        // Events are applied in order: once the later grant has its roles, the earlier event was handled.
        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(after), exists: true);
        Assert.False(await nodes.RoleExistsAsync(SandboxNames.LoginRole(elsewhere)));
        Assert.False(await nodes.RoleExistsAsync(SandboxNames.GrantRole(elsewhere)));
    }

    [Fact]
    public async Task Given_an_issued_grant_When_a_regulator_suspends_it_Then_its_roles_are_dropped_its_session_ends_and_login_fails_until_resumed()
    {
        var grantId = NewGrantId();
        var grant = await nodes.IssueAsync(grantId);
        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: true);
        await using var open = new NpgsqlConnection(LoginConnection(grantId));
        await open.OpenAsync();

        await grant.ExecuteAsync(new SuspendGrant(grantId, "regulator order", SandboxNodesWithGrants.Regulator, DateTimeOffset.UtcNow));

        var elapsed = await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: false);
        output.WriteLine($"GrantSuspended appended → login role dropped: {elapsed.TotalMilliseconds:0} ms");
        Assert.False(await nodes.RoleExistsAsync(SandboxNames.GrantRole(grantId)));
        await LoginFailsAsync(LoginConnection(grantId));
        await using (var command = new NpgsqlCommand("SELECT 1", open))
        {
            // The session that was open when the grant was suspended was terminated with it.
            await Assert.ThrowsAnyAsync<Exception>(() => command.ExecuteScalarAsync());
        }

        await grant.ExecuteAsync(new ResumeGrant(grantId, "checked", SandboxNodesWithGrants.Regulator, DateTimeOffset.UtcNow));

        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: true);
        Assert.True(await CanReadAsync(grantId, "district"));
    }

    [Fact]
    public async Task Given_a_pooled_session_on_either_node_When_the_grant_is_suspended_and_resumed_Then_the_next_query_there_runs_on_a_fresh_login()
    {
        var grantId = NewGrantId();
        var grant = await nodes.IssueAsync(grantId);
        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: true);
        var roles = new GrantRoles(grantId, SandboxNames.GrantRole(grantId), SandboxNames.LoginRole(grantId), ["sbx_people_v1"]);
        foreach (var node in new[] { nodes.First, nodes.Second })
        {
            Assert.True(await CountPeopleAsync(node, roles) > 0);
        }

        await grant.ExecuteAsync(new SuspendGrant(grantId, "regulator order", SandboxNodesWithGrants.Regulator, DateTimeOffset.UtcNow));
        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: false);
        await grant.ExecuteAsync(new ResumeGrant(grantId, "checked", SandboxNodesWithGrants.Regulator, DateTimeOffset.UtcNow));
        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: true);

        // The node that dropped the roles forgot its pool; the other still holds a connection the server terminated.
        foreach (var node in new[] { nodes.First, nodes.Second })
        {
            Assert.True(await CountPeopleAsync(node, roles) > 0);
        }
    }

    private static async Task<long> CountPeopleAsync(SandboxNode node, GrantRoles roles)
    {
        await using var session = await GrantSession.OpenAsync(node.Get<GrantLogins>(), node.Get<SandboxOptions>(), roles, CancellationToken.None);
        await using var command = session.CreateCommand("SELECT count(*) FROM people");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Given_an_issued_grant_When_the_owner_revokes_it_Then_its_roles_are_dropped_and_set_role_to_it_fails()
    {
        var grantId = NewGrantId();
        var grant = await nodes.IssueAsync(grantId);
        await nodes.WaitForRoleAsync(SandboxNames.GrantRole(grantId), exists: true);

        await grant.ExecuteAsync(new RevokeGrant(grantId, "contract ended", SandboxNodesWithGrants.Owner, DateTimeOffset.UtcNow));

        await nodes.WaitForRoleAsync(SandboxNames.GrantRole(grantId), exists: false);
        Assert.False(await nodes.RoleExistsAsync(SandboxNames.LoginRole(grantId)));
        await LoginFailsAsync(LoginConnection(grantId));
        await using var connection = await nodes.DataSource.OpenConnectionAsync();
        await using var setRole = new NpgsqlCommand($"SET ROLE {SandboxNames.Quote(SandboxNames.GrantRole(grantId))}", connection);
        var e = await Assert.ThrowsAsync<PostgresException>(() => setRole.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InvalidParameterValue, e.SqlState);
    }

    [Fact]
    public async Task Given_a_grant_past_its_end_When_the_expiry_sweep_expires_it_Then_the_expiry_event_drops_its_roles()
    {
        var grantId = NewGrantId();
        var grant = await nodes.IssueAsync(grantId);
        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: true);

        // What the jobs module's grant-expiry sweep does for each grant due (GrantExpirySweeper): the grain expires it.
        await grant.ExecuteAsync(new ExpireGrant(grantId, Caller.System, DateTimeOffset.UtcNow.AddDays(31)));

        var elapsed = await nodes.WaitForRoleAsync(SandboxNames.LoginRole(grantId), exists: false);
        output.WriteLine($"GrantExpired appended → login role dropped: {elapsed.TotalMilliseconds:0} ms");
        Assert.False(await nodes.RoleExistsAsync(SandboxNames.GrantRole(grantId)));
    }

    [Fact]
    public async Task Given_two_server_processes_When_grants_change_Then_the_subscription_brings_every_role_in_step()
    {
        var suspended = NewGrantId();
        var active = NewGrantId();
        var toSuspend = await nodes.IssueAsync(suspended);
        await nodes.IssueAsync(active);
        await toSuspend.ExecuteAsync(new SuspendGrant(suspended, "audit", SandboxNodesWithGrants.Regulator, DateTimeOffset.UtcNow));

        await nodes.WaitForRoleAsync(SandboxNames.LoginRole(active), exists: true);
        // Marten's daemon records how far the subscription got; once past the suspension, the role it dropped is gone.
        await using var command = nodes.DataSource.CreateCommand("""
            SELECT coalesce((SELECT last_seq_id FROM events.mt_event_progression WHERE name = 'sandbox-grant-roles:All'), 0)
                >= (SELECT max(seq_id) FROM events.mt_events WHERE stream_id = $1)
            """);
        command.Parameters.Add(new() { Value = "grant-" + suspended });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(bool)(await command.ExecuteScalarAsync())!)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the subscription did not pass the suspension within 15 s");
            await Task.Delay(20);
        }

        Assert.False(await nodes.RoleExistsAsync(SandboxNames.LoginRole(suspended)));
    }
}
