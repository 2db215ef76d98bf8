using DataPort.Database;
using DataPort.Testing;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataPort.EventStore.Tests;

/// <summary>
/// Every server signs checkpoints on its own timer (the event store's hosted service, not a background job): events
/// appended are sealed and covered by a signed checkpoint within a few intervals, and a quiet ledger gets no new ones.
/// </summary>
public sealed class LedgerSealingServiceTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Given_a_server_When_events_are_appended_Then_a_checkpoint_covering_them_is_signed_and_none_while_quiet()
    {
        using var host = await StartAsync();
        var writer = host.Services.GetRequiredService<EventWriter>();

        for (var i = 0; i < 5; i++)
        {
            await writer.AppendAsync("sealing-test", null, [new Counted(0, i)], EventMetadata.None);
        }
        await WaitUntilAsync(async () => await ScalarAsync("SELECT coalesce(max(tree_size), 0) FROM ledger.checkpoints") >= 5, "a checkpoint over 5 entries");
        var checkpoints = await ScalarAsync("SELECT count(*) FROM ledger.checkpoints");
        await Task.Delay(TimeSpan.FromSeconds(2)); // four intervals with nothing new

        Assert.Equal(checkpoints, await ScalarAsync("SELECT count(*) FROM ledger.checkpoints"));
        await host.StopAsync();
    }

    private async Task<IHost> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DataPort"] = database.ConnectionString,
            ["Ledger:KeyEncryptionKey"] = "sealing-service-test",
            ["Ledger:SealInterval"] = "00:00:00.500",
        });
        builder.AddDataPortDatabase();
        builder.AddDataPortEventStore();
        builder.Services.AddSingleton<IConfigureMarten, CountedEventType>();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private sealed class CountedEventType : IConfigureMarten
    {
        public void Configure(IServiceProvider services, StoreOptions options) => options.Events.MapEventType<Counted>("test.counted");
    }
}
