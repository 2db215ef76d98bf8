using DataPort.Domain.Common;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Queries;
using Xunit.Abstractions;

namespace DataPort.Sandbox.Tests;

/// <summary>Given grants that change after issue: the database follows on the next use.</summary>
[Collection(SandboxCollection.Name)]
public sealed class GrantLifecycleTests(SandboxWithData sandbox, ITestOutputHelper output)
{
    private const string Sql = "SELECT id, age FROM sbx_people_v1.people";

    [Fact]
    public async Task Given_an_issued_grant_When_synced_Then_a_nologin_role_and_a_noinherit_login_role_exist()
    {
        var grant = sandbox.IssueGrant();

        var roles = await sandbox.Roles.SyncGrantAsync(grant);

        await using var command = sandbox.DataSource.CreateCommand(
            "SELECT rolname, rolcanlogin, rolinherit, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname");
        command.Parameters.Add(new() { Value = new[] { roles!.GrantRole, roles.LoginRole } });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((roles.GrantRole, false, false), (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal((roles.LoginRole, true, false, false, false, false),
            (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5)));
    }

    [Fact]
    public async Task Given_a_suspended_grant_When_queried_next_Then_it_is_refused_and_its_roles_are_dropped()
    {
        var grant = sandbox.IssueGrant();
        await sandbox.QueryAsync(Sql, grant.GrantId);
        Assert.True(await sandbox.RoleExistsAsync(SandboxNames.GrantRole(grant.GrantId)));

        sandbox.Grants.Update(grant.GrantId, g => g with { Status = SandboxGrantStatus.Suspended });

        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.QueryAsync(Sql, grant.GrantId));
        Assert.Equal("grant-suspended", e.Reason);
        Assert.False(await sandbox.RoleExistsAsync(SandboxNames.GrantRole(grant.GrantId)));
        Assert.False(await sandbox.RoleExistsAsync(SandboxNames.LoginRole(grant.GrantId)));
    }

    [Fact]
    public async Task Given_a_grant_past_its_expiry_When_queried_next_Then_it_is_refused_and_its_roles_are_dropped()
    {
        var grant = sandbox.IssueGrant(g => g with { ExpiresAt = sandbox.Clock.Now.AddHours(1) });
        await sandbox.QueryAsync(Sql, grant.GrantId);

        var clock = sandbox.Clock.Now;
        sandbox.Clock.Now = clock.AddHours(2);
        try
        {
            var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.QueryAsync(Sql, grant.GrantId));
            Assert.Equal("grant-expired", e.Reason);
            Assert.False(await sandbox.RoleExistsAsync(SandboxNames.GrantRole(grant.GrantId)));
        }
        finally
        {
            sandbox.Clock.Now = clock;
        }
    }

    [Fact]
    public async Task Given_expired_grants_When_the_sweep_runs_Then_their_roles_are_dropped()
    {
        var grant = sandbox.IssueGrant(g => g with { ExpiresAt = sandbox.Clock.Now.AddMinutes(5) });
        await sandbox.Roles.SyncGrantAsync(grant);

        var clock = sandbox.Clock.Now;
        sandbox.Clock.Now = clock.AddMinutes(10);
        try
        {
            Assert.True(await sandbox.Roles.DropExpiredAsync() >= 1);
            Assert.False(await sandbox.RoleExistsAsync(SandboxNames.LoginRole(grant.GrantId)));
        }
        finally
        {
            sandbox.Clock.Now = clock;
        }
    }

    [Fact]
    public async Task Given_a_state_read_before_a_suspension_When_it_syncs_after_the_drop_Then_the_roles_stay_dropped_until_a_newer_state()
    {
        var stale = sandbox.IssueGrant();
        await sandbox.Roles.SyncGrantAsync(stale);

        // What the projection does for a GrantSuspended at the next stream version, while a query still holds the old state.
        await sandbox.Roles.DropGrantAsync(stale.GrantId, stale.Version + 1, "suspended");

        Assert.Null(await sandbox.Roles.SyncGrantAsync(stale));
        Assert.Null(await sandbox.Roles.EnsureCurrentAsync(stale));
        Assert.False(await sandbox.RoleExistsAsync(SandboxNames.LoginRole(stale.GrantId)));
        var resumed = stale with { Version = stale.Version + 2 };
        Assert.NotNull(await sandbox.Roles.SyncGrantAsync(resumed));
        Assert.True(await sandbox.RoleExistsAsync(SandboxNames.LoginRole(stale.GrantId)));
    }

    [Fact]
    public async Task Given_roles_in_step_with_the_grant_When_queried_again_Then_they_are_not_synced_again()
    {
        var grant = sandbox.IssueGrant();
        await sandbox.QueryAsync(Sql, grant.GrantId);
        var synced = await SyncedAtAsync(grant.GrantId);

        await sandbox.QueryAsync(Sql, grant.GrantId);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.NotNull(await sandbox.Roles.EnsureCurrentAsync(grant));
        }
        output.WriteLine($"EnsureCurrentAsync on roles in step: {stopwatch.Elapsed.TotalMilliseconds / 20:0.00} ms per call (mean of 20)");

        Assert.Equal(synced, await SyncedAtAsync(grant.GrantId));
    }

    private async Task<DateTime> SyncedAtAsync(string grantId)
    {
        await using var command = sandbox.DataSource.CreateCommand("SELECT synced_at FROM sandbox.grant_roles WHERE grant_id = $1");
        command.Parameters.Add(new() { Value = grantId });
        return (DateTime)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Given_a_revoked_grant_When_queried_Then_it_is_refused()
    {
        var grant = sandbox.IssueGrant(g => g with { Status = SandboxGrantStatus.Revoked });

        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.QueryAsync(Sql, grant.GrantId));

        Assert.Equal("grant-revoked", e.Reason);
    }

    [Fact]
    public async Task Given_a_grant_narrowed_to_fewer_columns_When_the_dropped_column_is_read_Then_postgres_refuses()
    {
        var grant = sandbox.IssueGrant();
        await sandbox.QueryAsync(Sql, grant.GrantId);

        sandbox.Grants.Update(grant.GrantId, g => g with { Datasets = [new GrantedDataset("people", new HashSet<string> { "id" }, new HashSet<int> { 1 })] });

        var e = await Assert.ThrowsAsync<SandboxQueryException>(() => sandbox.QueryAsync(Sql, grant.GrantId));
        Assert.Equal(FailureKind.PermissionDenied, e.Failure.Kind);
        var stillAllowed = await sandbox.QueryAsync("SELECT id FROM sbx_people_v1.people", grant.GrantId);
        Assert.Equal(20, stillAllowed.GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Given_a_grant_widened_to_a_new_version_When_that_version_is_read_Then_it_is_allowed()
    {
        var grant = sandbox.IssueGrant();
        await Assert.ThrowsAsync<SandboxQueryException>(() => sandbox.QueryAsync("SELECT id FROM sbx_people_v2.people", grant.GrantId));

        sandbox.Grants.Update(grant.GrantId, g => g with { Datasets = [new GrantedDataset("people", new HashSet<string> { "id" })] });

        var result = await sandbox.QueryAsync("SELECT id FROM sbx_people_v2.people", grant.GrantId);
        Assert.Equal(20, result.GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Given_a_caller_who_is_not_the_holder_When_querying_Then_the_grant_is_not_found_for_them()
    {
        var stranger = new Caller("someone-else", "org-x", [DataPort.Domain.Common.Roles.Developer]);

        await Assert.ThrowsAsync<SandboxNotFoundException>(() => sandbox.QueryAsync(Sql, caller: stranger));
    }

    [Fact]
    public async Task Given_an_aggregate_only_grant_When_sql_is_sent_Then_it_is_refused()
    {
        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.QueryAsync("SELECT district FROM people", sandbox.AggregateGrantId));

        Assert.Equal("aggregate-only", e.Reason);
    }

    [Fact]
    public async Task Given_a_quota_of_one_query_When_a_second_is_sent_Then_it_is_refused()
    {
        var grant = sandbox.IssueGrant(terms: t => t with { QueriesRemaining = 1 });
        await sandbox.QueryAsync(Sql, grant.GrantId);

        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.QueryAsync(Sql, grant.GrantId));

        Assert.Equal("quota-exhausted", e.Reason);
    }
}
