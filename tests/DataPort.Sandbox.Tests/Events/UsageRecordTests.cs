using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Sandbox.Queries;
using DataPort.Testing;

namespace DataPort.Sandbox.Tests.Events;

/// <summary>
/// On the real grant grains: each use is one <c>grant.usage-recorded</c> event on the grant's stream, and
/// <c>sandbox.query_log</c> is projected from it in the same transaction.
/// </summary>
public sealed class UsageRecordTests(SandboxNodesWithGrants nodes) : IClassFixture<SandboxNodesWithGrants>
{
    private static readonly Caller Developer = new(SandboxWithData.Developer, "org-dev", [DataPort.Domain.Common.Roles.Developer]);

    private async Task RunAsync(string grantId, string sql, Caller? caller = null)
    {
        using var output = new MemoryStream();
        await using var writer = new JsonResultWriter(output);
        await nodes.First.Get<SandboxQueries>().RunAsync(grantId, caller ?? Developer, sql, writer);
    }

    private Task<List<(string Kind, string Hash, long Rows, string Outcome)>> LogAsync(string grantId) => QueryLog.ReadAsync(nodes.DataSource, grantId);

    [Fact]
    public async Task Given_a_query_that_ran_and_one_refused_When_recorded_Then_each_is_one_event_on_the_grant_and_one_log_row()
    {
        var grantId = Guid.NewGuid().ToString();
        var grant = await nodes.IssueAsync(grantId);
        const string sql = "SELECT id FROM people";
        await RunAsync(grantId, sql);
        await grant.ExecuteAsync(new SuspendGrant(grantId, "audit", SandboxNodesWithGrants.Regulator, DateTimeOffset.UtcNow));

        await Assert.ThrowsAsync<SandboxAccessDeniedException>(() => RunAsync(grantId, sql));

        var uses = (await nodes.First.Events.ReadStreamAsync("grant-" + grantId)).Select(e => e.Data).OfType<GrantUsageRecorded>().ToList();
        Assert.Equal([(20L, UseOutcomes.Succeeded), (0L, UseOutcomes.Denied("grant-suspended"))], uses.Select(u => (u.Rows, u.Outcome)));
        Assert.Equal(
            [("query", SandboxGuard.Hash(sql), 20L, "succeeded"), ("query", SandboxGuard.Hash(sql), 0L, "denied:grant-suspended")],
            await LogAsync(grantId));
        var state = (await grant.GetAsync())!.State;
        Assert.Equal(new GrantUsage(1, 20, 0), state.Usage);
    }

    [Fact]
    public async Task Given_another_organisation_When_it_uses_the_grant_Then_it_is_not_found_and_nothing_is_recorded_on_the_grant()
    {
        var grantId = Guid.NewGuid().ToString();
        var grant = await nodes.IssueAsync(grantId);
        var version = (await grant.GetAsync())!.Version;

        await Assert.ThrowsAsync<SandboxNotFoundException>(() => RunAsync(grantId, "SELECT id FROM people", new Caller("x", "org-x", [DataPort.Domain.Common.Roles.Developer])));

        Assert.Equal(version, (await grant.GetAsync())!.Version);
        Assert.Empty(await LogAsync(grantId));
    }
}
