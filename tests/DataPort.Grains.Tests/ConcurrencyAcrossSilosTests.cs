using DataPort.Domain.Common;
using DataPort.Domain.Grants;
using DataPort.Grains.EventSourcing;
using DataPort.Grains.Grants;
using DataPort.Testing;
using static DataPort.Grains.Tests.World;

namespace DataPort.Grains.Tests;

/// <summary>Two silos on one database, as two server processes are: one cluster, one activation per grant.</summary>
public sealed class ConcurrencyAcrossSilosTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static readonly Dictionary<string, string?> ManyRetries = new() { ["Grains:MaxConcurrencyRetries"] = "100" };

    [Fact]
    public async Task Given_a_grant_with_a_quota_When_two_silos_record_uses_concurrently_Then_every_use_is_kept_and_the_stream_is_linear()
    {
        await using var first = await GrainSilo.StartAsync(database.ConnectionString, ManyRetries);
        await using var second = await GrainSilo.StartAsync(database.ConnectionString, ManyRetries);
        const int quota = 20;
        await ActiveGrantAsync(first.Grains, "g-quota", new GrantQuota(quota, null, null));
        await second.Grains.GetGrain<IAccessGrantGrain>("g-quota").GetAsync(); // both hold an activation now

        // A use that ran is recorded whatever the quota says by then (it happened): none may be lost or reordered.
        var attempts = Enumerable.Range(0, 30)
            .Select(i => (i % 2 == 0 ? first : second).Grains.GetGrain<IAccessGrantGrain>("g-quota"))
            .Select(grant => grant.ExecuteAsync(OneQuery("g-quota")));
        await Task.WhenAll(attempts);

        var stream = await first.Events.ReadStreamAsync("grant-g-quota");
        Assert.Equal(Enumerable.Range(1, stream.Count).Select(v => (long)v), stream.Select(e => e.Version));
        Assert.Equal(30, stream.Count(e => e.Data is GrantUsageRecorded));
        Assert.Equal(["grant.requested", "grant.issued", "grant.usage-recorded"], stream.Select(e => e.EventTypeName).Distinct());
        var fromFirst = (await first.Grains.GetGrain<IAccessGrantGrain>("g-quota").GetAsync())!;
        var fromSecond = (await second.Grains.GetGrain<IAccessGrantGrain>("g-quota").GetAsync())!;
        Assert.Equal(30, fromFirst.State.Usage.Queries);
        Assert.IsType<Denied>(GrantAuthorization.Authorize(fromSecond.State, OneQuery("g-quota").Use with { Rows = 0 }, DateTimeOffset.UtcNow));
        Assert.Equal(fromFirst.Version, fromSecond.Version);
        Assert.Equal(fromFirst.State.Usage, fromSecond.State.Usage);
        Assert.Equal(stream.Count, fromFirst.Version);
    }

    [Fact]
    public async Task Given_an_active_grant_When_two_silos_suspend_and_revoke_at_once_Then_the_outcome_is_a_serial_order()
    {
        await using var first = await GrainSilo.StartAsync(database.ConnectionString, ManyRetries);
        await using var second = await GrainSilo.StartAsync(database.ConnectionString, ManyRetries);
        var grant = await ActiveGrantAsync(first.Grains, "g-race", GrantQuota.Unlimited);
        await second.Grains.GetGrain<IAccessGrantGrain>("g-race").GetAsync();

        var suspend = Attempt(() => first.Grains.GetGrain<IAccessGrantGrain>("g-race").ExecuteAsync(new SuspendGrant("g-race", "audit", Regulator, Now)));
        var revoke = Attempt(() => second.Grains.GetGrain<IAccessGrantGrain>("g-race").ExecuteAsync(new RevokeGrant("g-race", "breach", Merchant, Now)));
        var (suspended, revoked) = (await suspend, await revoke);

        // Serial orders: suspend then revoke (both succeed) or revoke then suspend (suspend refused: not active).
        Assert.True(revoked);
        var stream = await first.Events.ReadStreamAsync("grant-g-race");
        var tail = stream.Skip(2).Select(e => e.Data.GetType()).ToList();
        Assert.Equal(suspended ? [typeof(GrantSuspended), typeof(GrantRevoked)] : [typeof(GrantRevoked)], tail);
        Assert.Equal(GrantStatus.Revoked, (await grant.GetAsync())!.State.Status);
    }

    private static async Task<bool> Attempt(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (InvalidTransitionException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Given_two_silos_When_one_uses_up_the_quota_Then_a_check_through_the_other_sees_it_at_once()
    {
        await using var first = await GrainSilo.StartAsync(database.ConnectionString);
        await using var second = await GrainSilo.StartAsync(database.ConnectionString);
        await ActiveGrantAsync(first.Grains, "g-stale", new GrantQuota(2, null, null));
        var stale = second.Grains.GetGrain<IAccessGrantGrain>("g-stale");
        var before = (await stale.GetAsync())!.Version;

        await first.Grains.GetGrain<IAccessGrantGrain>("g-stale").ExecuteAsync(OneQuery("g-stale"));
        await first.Grains.GetGrain<IAccessGrantGrain>("g-stale").ExecuteAsync(OneQuery("g-stale"));

        // One activation serves both silos: the check through the second sees the used-up quota and records the refusal
        // (which consumes nothing).
        var check = await stale.CheckUseAsync(new UseRequest(UseKind.SandboxQuery), Developer, "hash", DateTimeOffset.UtcNow);
        Assert.Contains("quota", Assert.IsType<Denied>(check!.Decision).Reason);
        Assert.Equal(before + 3, (await stale.GetAsync())!.Version);
        Assert.Equal(2, (await stale.GetAsync())!.State.Usage.Queries);
    }

    [Fact]
    public async Task Given_a_caller_holding_an_old_version_When_it_executes_with_that_version_Then_a_concurrency_conflict()
    {
        await using var first = await GrainSilo.StartAsync(database.ConnectionString);
        await using var second = await GrainSilo.StartAsync(database.ConnectionString);
        await ActiveGrantAsync(first.Grains, "g-if-match", GrantQuota.Unlimited);
        var seen = (await second.Grains.GetGrain<IAccessGrantGrain>("g-if-match").GetAsync())!.Version;
        await first.Grains.GetGrain<IAccessGrantGrain>("g-if-match").ExecuteAsync(OneQuery("g-if-match"));

        var conflict = await Assert.ThrowsAsync<GrainConcurrencyException>(() =>
            second.Grains.GetGrain<IAccessGrantGrain>("g-if-match").ExecuteAsync(new SuspendGrant("g-if-match", "x", Regulator, Now), seen));

        Assert.Equal(seen, conflict.ExpectedVersion);
        Assert.Equal(seen + 1, conflict.ActualVersion);
        var current = await second.Grains.GetGrain<IAccessGrantGrain>("g-if-match").ExecuteAsync(new SuspendGrant("g-if-match", "x", Regulator, Now), seen + 1);
        Assert.Equal(GrantStatus.Suspended, current.State.Status);
    }

    [Fact]
    public async Task Given_grants_on_both_silos_When_a_command_is_refused_Then_the_caller_gets_the_refusal_with_its_type_and_reason()
    {
        await using var first = await GrainSilo.StartAsync(database.ConnectionString);
        await using var second = await GrainSilo.StartAsync(database.ConnectionString);
        var ids = Enumerable.Range(0, 6).Select(i => $"g-refused-{i}").ToList();
        foreach (var id in ids)
        {
            await ActiveGrantAsync(first.Grains, id, GrantQuota.Unlimited);
        }

        // Six grants spread over two silos: from either one, some refusals cross between them.
        foreach (var silo in new[] { first, second })
        {
            foreach (var id in ids)
            {
                var refused = await Assert.ThrowsAsync<InvalidTransitionException>(() =>
                    silo.Grains.GetGrain<IAccessGrantGrain>(id).ExecuteAsync(new ApproveGrant(id, null, null, GrantQuota.Unlimited, Merchant, Now)));
                Assert.Contains("Active", refused.Message, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
