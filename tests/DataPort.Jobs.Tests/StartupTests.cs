using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Jobs.Tests;

public sealed class StartupTests(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    private IHost Build(Dictionary<string, string?> settings) =>
        JobsNode.Build(database.ConnectionString, "startup", settings, builder => builder.Services.AddSingleton<IGrantExpirySweeper, NoGrants>());

    [Fact]
    public async Task Given_an_invalid_cron_When_the_host_starts_Then_it_fails_naming_the_setting()
    {
        using var host = Build(new() { ["Jobs:Schedule:GrantExpirySweep"] = "every minute" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Jobs:Schedule:GrantExpirySweep", error.Message);
    }

    [Fact]
    public async Task Given_a_short_pseudonym_key_When_the_host_starts_Then_it_fails_naming_the_setting()
    {
        using var host = Build(new() { ["Jobs:Pipeline:PseudonymKey"] = Convert.ToBase64String(new byte[8]) });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Jobs:Pipeline:PseudonymKey", error.Message);
    }

    [Fact]
    public async Task Given_the_modules_that_do_the_work_When_a_node_starts_Then_only_their_recurring_jobs_are_registered()
    {
        using var host = Build(new() { ["Jobs:Schedule:GrantExpirySweep"] = "*/30 * * * * *" });
        await host.StartAsync();

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var recurring = connection.GetRecurringJobs();
        var sweep = Assert.Single(recurring, r => r.Id == JobNames.GrantExpirySweep);
        Assert.Equal("*/30 * * * * *", sweep.Cron);
        Assert.Equal(JobQueues.Housekeeping, sweep.Job?.Queue ?? sweep.Queue);
        // No usage roll-up or ledger module in this host: those are not scheduled to fail.
        Assert.DoesNotContain(recurring, r => r.Id is JobNames.UsageRollup or JobNames.LedgerVerification);
        await host.StopAsync();
    }

    [Fact]
    public async Task Given_jobs_disabled_When_a_run_is_enqueued_Then_it_waits_for_a_node_with_workers()
    {
        using var host = Build(new() { ["Jobs:Enabled"] = "false" });
        await host.StartAsync();
        var id = host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<CountingJob>(job => job.RunAsync(1, null!));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(JobRunState.Enqueued, host.Services.GetRequiredService<JobRuns>().Get(id)!.State);

        await using var worker = await JobsNode.StartAsync(database.ConnectionString, "worker");

        await Eventually.ValueAsync(() => Task.FromResult(worker.Runs.Get(id)), r => r.State == JobRunState.Succeeded, "a node with workers to run it");
        await host.StopAsync();
    }

    private sealed class NoGrants : IGrantExpirySweeper
    {
        public Task<int> ExpireDueGrantsAsync(DateTimeOffset now, IJobProgress progress, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
