using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Queries;

namespace DataPort.Sandbox.Tests;

/// <summary>Every use is recorded; downloads carry only the granted columns.</summary>
[Collection(SandboxCollection.Name)]
public sealed class UsageAndDownloadTests(SandboxWithData sandbox)
{
    private Task<List<(string Kind, string Hash, long Rows, string Outcome)>> LogAsync(string grantId) => QueryLog.ReadAsync(sandbox.DataSource, grantId);

    [Fact]
    public async Task Given_queries_with_every_outcome_When_run_Then_each_is_logged_with_the_hash_of_its_text()
    {
        var grant = sandbox.IssueGrant();
        const string ok = "SELECT id FROM sbx_people_v1.people";
        const string denied = "SELECT name FROM sbx_people_v1.people";
        await sandbox.QueryAsync(ok, grant.GrantId);
        await Assert.ThrowsAsync<SandboxQueryException>(() => sandbox.QueryAsync(denied, grant.GrantId));
        await Assert.ThrowsAsync<SandboxValidationException>(() => sandbox.QueryAsync("DROP TABLE x", grant.GrantId));
        sandbox.Grants.Update(grant.GrantId, g => g with { Status = SandboxGrantStatus.Suspended });
        await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.QueryAsync(ok, grant.GrantId));

        var log = await LogAsync(grant.GrantId);

        Assert.Equal(
            [("query", SandboxGuard.Hash(ok), 20L, "succeeded"), ("query", SandboxGuard.Hash(denied), 0L, "permission-denied"),
             ("query", SandboxGuard.Hash("DROP TABLE x"), 0L, "denied:invalid-query"), ("query", SandboxGuard.Hash(ok), 0L, "denied:grant-suspended")],
            log);
    }

    [Fact]
    public async Task Given_a_download_licence_When_a_version_is_downloaded_Then_only_granted_columns_leave_and_it_is_recorded()
    {
        var grant = sandbox.IssueGrant();

        var plan = await sandbox.Downloads.PlanAsync(grant.GrantId, "people", 1, sandbox.Caller);
        var rows = await sandbox.Downloads.WriteAsync(plan, Stream.Null);

        Assert.Equal(20, rows);
        Assert.Equal("people-v1.parquet", plan.FileName);
        var written = sandbox.Export.Written[^1];
        Assert.Equal(["id", "district", "age"], written.Columns.Select(c => c.Name));
        Assert.All(written.Rows, r => Assert.Equal(3, r.Length));
        Assert.DoesNotContain(written.Rows.SelectMany(r => r), v => v is string s && s.StartsWith(SandboxWithData.SecretMarker, StringComparison.Ordinal));
        Assert.Contains(("download", plan.Authorized.QueryHash, 20L, "succeeded"), await LogAsync(grant.GrantId));
    }

    [Fact]
    public async Task Given_a_sandbox_only_licence_When_downloading_Then_it_is_refused()
    {
        var grant = sandbox.IssueGrant(terms: t => t with { DownloadAllowed = false });

        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.Downloads.PlanAsync(grant.GrantId, "people", 1, sandbox.Caller));

        Assert.Equal("download-not-licensed", e.Reason);
    }

    [Fact]
    public async Task Given_a_version_not_covered_When_downloading_Then_it_is_refused()
    {
        var e = await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => sandbox.Downloads.PlanAsync(sandbox.RowGrantId, "people", 2, sandbox.Caller));

        Assert.Equal("version-not-granted", e.Reason);
    }
}
