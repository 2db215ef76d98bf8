using DataPort.Domain.Grants;
using DataPort.Grains.Grants;
using DataPort.Testing;
using static DataPort.Grains.Tests.World;

namespace DataPort.Grains.Tests;

/// <summary>The sandbox's pattern on one grant grain: check a use (one call), run it, record it (one call).</summary>
public sealed class GrantUseTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private static async Task<bool> UseAsync(IAccessGrantGrain grant)
    {
        var check = (await grant.CheckUseAsync(new UseRequest(UseKind.SandboxQuery), Developer, "hash", Now))!;
        if (check.Decision is Denied)
        {
            return false;
        }
        await Task.Delay(Random.Shared.Next(5)); // the query runs
        await grant.ExecuteAsync(new RecordUsage(check.Grant.State.GrantId, check.Use with { Rows = 1 }, Developer, Now));
        return true;
    }

    [Fact]
    public async Task Given_a_query_quota_When_uses_race_on_one_activation_Then_exactly_the_quota_runs_and_every_run_is_recorded()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString);
        const int quota = 20;
        var grant = await ActiveGrantAsync(silo.Grains, "g-race", new GrantQuota(quota, null, null));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => UseAsync(grant)));

        Assert.Equal(quota, outcomes.Count(ran => ran));
        var state = (await grant.GetAsync())!.State;
        Assert.Equal(quota, state.Usage.Queries);
        var events = await silo.Events.ReadStreamAsync("grant-g-race");
        Assert.Equal(10, events.Select(e => e.Data).OfType<GrantUsageRecorded>().Count(u => !u.Consumed));
    }

    [Fact]
    public async Task Given_the_resolved_use_When_the_request_names_nothing_Then_the_grant_fills_in_its_dataset_version_and_fields()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString);
        var grant = await ActiveGrantAsync(silo.Grains, "g-resolve", GrantQuota.Unlimited);

        var check = (await grant.CheckUseAsync(new UseRequest(UseKind.SandboxQuery), Developer, "hash", Now))!;

        Assert.IsType<Allowed>(check.Decision);
        Assert.Equal(check.Grant.State.DatasetId, check.Use.DatasetId);
        Assert.Equal(["stop_id"], check.Use.Fields);
        Assert.Equal(0, check.Use.Rows);
    }

    [Fact]
    public async Task Given_uses_at_once_When_one_more_is_checked_Then_it_is_busy_unrecorded_until_one_reports_or_its_lease_ends()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString);
        var grant = await ActiveGrantAsync(silo.Grains, "g-busy", GrantQuota.Unlimited);
        var limits = new UseLimits(AtOnce: 2, Lease: TimeSpan.FromMinutes(1));
        var query = new UseRequest(UseKind.SandboxQuery);

        var running = new[]
        {
            (await grant.CheckUseAsync(query, Developer, "hash", Now, limits))!,
            (await grant.CheckUseAsync(query, Developer, "hash", Now, limits))!,
        };
        var third = (await grant.CheckUseAsync(query, Developer, "hash", Now, limits))!;

        Assert.All(running, check => Assert.IsType<Allowed>(check.Decision));
        Assert.Equal(new Busy(2), third.Decision);
        Assert.Empty((await silo.Events.ReadStreamAsync("grant-g-busy")).Select(e => e.Data).OfType<GrantUsageRecorded>());

        await grant.ExecuteAsync(new RecordUsage("g-busy", running[0].Use with { Rows = 1 }, Developer, Now));
        Assert.IsType<Allowed>((await grant.CheckUseAsync(query, Developer, "hash", Now, limits))!.Decision);
        Assert.IsType<Busy>((await grant.CheckUseAsync(query, Developer, "hash", Now, limits))!.Decision);
        // A node that died mid-use never reports: past the lease its place is free again.
        Assert.IsType<Allowed>((await grant.CheckUseAsync(query, Developer, "hash", Now + TimeSpan.FromMinutes(2), limits))!.Decision);
    }
}
