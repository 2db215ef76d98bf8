using DataPort.Grains.Grants;
using DataPort.Grains.Runtime;
using DataPort.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataPort.Grains.Tests;

public sealed class ActivationTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_a_busy_grain_When_many_calls_arrive_at_once_Then_they_run_one_at_a_time_in_arrival_order()
    {
        await using var silo = await ProbeSilo();
        var probe = silo.Grains.GetGrain<IProbeGrain>("p1");

        var calls = Enumerable.Range(0, 20).Select(i => probe.EnterAsync(i)).ToList();
        await Task.WhenAll(calls);

        var log = await probe.LogAsync();
        Assert.Equal(1, await probe.MaxConcurrencyAsync());
        // SemaphoreSlim queues waiters first-in first-out, so the turns follow the order the calls were made.
        Assert.Equal(Enumerable.Range(0, 20), log);
    }

    [Fact]
    public async Task Given_two_references_to_one_key_When_called_Then_one_activation_serves_both()
    {
        await using var silo = await ProbeSilo();

        var a = await silo.Grains.GetGrain<IProbeGrain>("same").InstanceAsync();
        var b = await silo.Grains.GetGrain<IProbeGrain>("same").InstanceAsync();
        var other = await silo.Grains.GetGrain<IProbeGrain>("other").InstanceAsync();

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.Equal(2, silo.Runtime.ActivationCount);
    }

    [Fact]
    public async Task Given_an_idle_activation_When_the_idle_time_passes_Then_it_is_deactivated_and_the_next_call_reactivates_it()
    {
        await using var silo = await ProbeSilo(new() { ["Grains:IdleTimeout"] = "00:00:00.200", ["Grains:CollectionInterval"] = "00:00:00.050" });
        var probe = silo.Grains.GetGrain<IProbeGrain>("idle");
        var firstInstance = await probe.InstanceAsync();
        Assert.True(silo.Runtime.IsActive<IProbeGrain>("idle"));

        await WaitUntil(() => !silo.Runtime.IsActive<IProbeGrain>("idle"));
        // OnDeactivateAsync runs just after the activation leaves the directory.
        await WaitUntil(() => ProbeGrain.Deactivations.ContainsKey(firstInstance));

        Assert.Equal(1, ProbeGrain.Deactivations[firstInstance]);
        Assert.NotEqual(firstInstance, await probe.InstanceAsync());
    }

    [Fact]
    public async Task Given_a_grain_state_When_its_activation_is_collected_Then_the_next_call_rebuilds_it_from_the_stream()
    {
        await using var silo = await GrainSilo.StartAsync(database.ConnectionString,
            new Dictionary<string, string?> { ["Grains:IdleTimeout"] = "00:00:00.200", ["Grains:CollectionInterval"] = "00:00:00.050" });
        await World.ActiveGrantAsync(silo.Grains, "g-idle", Domain.Grants.GrantQuota.Unlimited);
        var before = await silo.Grains.GetGrain<IAccessGrantGrain>("g-idle").GetAsync();

        await WaitUntil(() => !silo.Runtime.IsActive<IAccessGrantGrain>("g-idle"));
        var after = await silo.Grains.GetGrain<IAccessGrantGrain>("g-idle").GetAsync();

        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.State.Status, after.State.Status);
        Assert.Equal(before.State.GrantedFields, after.State.GrantedFields);
    }

    [Fact]
    public async Task Given_an_activation_limit_When_more_grains_are_called_Then_the_least_recently_used_are_evicted()
    {
        await using var silo = await ProbeSilo(new() { ["Grains:MaxActivations"] = "3" });

        foreach (var key in new[] { "a", "b", "c" })
        {
            await silo.Grains.GetGrain<IProbeGrain>(key).InstanceAsync();
        }
        await silo.Grains.GetGrain<IProbeGrain>("a").InstanceAsync(); // "a" is now the most recent; "b" the least
        await silo.Grains.GetGrain<IProbeGrain>("d").InstanceAsync();
        await silo.Grains.GetGrain<IProbeGrain>("e").InstanceAsync();

        Assert.Equal(3, silo.Runtime.ActivationCount);
        Assert.True(silo.Runtime.IsActive<IProbeGrain>("a"));
        Assert.False(silo.Runtime.IsActive<IProbeGrain>("b"));
        Assert.False(silo.Runtime.IsActive<IProbeGrain>("c"));
        Assert.True(silo.Runtime.IsActive<IProbeGrain>("d"));
        Assert.True(silo.Runtime.IsActive<IProbeGrain>("e"));
    }

    [Fact]
    public async Task Given_a_grain_that_throws_When_called_Then_the_caller_gets_the_exception_and_the_grain_keeps_working()
    {
        await using var silo = await ProbeSilo();
        var probe = silo.Grains.GetGrain<IProbeGrain>("throws");

        await Assert.ThrowsAsync<InvalidOperationException>(() => probe.FailAsync());

        Assert.NotEqual(Guid.Empty, await probe.InstanceAsync());
    }

    [Theory]
    [InlineData("Grains:MaxActivations", "0", "MaxActivations")]
    [InlineData("Grains:IdleTimeout", "00:00:00", "IdleTimeout")]
    [InlineData("Grains:MaxConcurrencyRetries", "-1", "MaxConcurrencyRetries")]
    public async Task Given_invalid_options_When_the_host_starts_Then_it_fails_naming_the_setting(string setting, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GrainSilo.StartAsync(database.ConnectionString, new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task Given_production_without_a_signing_key_When_the_host_starts_Then_it_fails_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GrainSilo.StartAsync(database.ConnectionString, environment: "Production"));

        Assert.Contains("Grains:CertificateSigningKey", error.Message);
    }

    private Task<GrainSilo> ProbeSilo(Dictionary<string, string?>? settings = null) =>
        GrainSilo.StartAsync(database.ConnectionString, settings, services => services.Configure<GrainCatalog>(c => c.Add<IProbeGrain, ProbeGrain>()));

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 10 s.");
            await Task.Delay(25);
        }
    }
}
