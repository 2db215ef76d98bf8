using DataPort.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace DataPort.Jobs.Tests;

public sealed class StartupTests(JobsDatabase database) : IClassFixture<JobsDatabase>
{
    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(JobsNode.FastSettings(database.ConnectionString, "startup-node"));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDataPortDatabase();
        builder.AddDataPortJobs();
        return builder.Build();
    }

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
    public async Task Given_jobs_disabled_When_the_host_runs_Then_there_is_no_scheduler_and_changes_are_refused()
    {
        using var host = Build(new() { ["Jobs:Enabled"] = "false" });
        await host.StartAsync();

        Assert.Null(host.Services.GetService<ISchedulerFactory>());
        var runs = host.Services.GetRequiredService<JobRuns>();
        Assert.Empty((await runs.ListAsync(new JobRunQuery())).Items);
        await Assert.ThrowsAsync<JobsDisabledException>(() =>
            runs.EnqueuePipelineRunAsync(new PipelineRunRequest("d", "u1", Revision: 0), Guid.CreateVersion7()));
        await host.StopAsync();
    }
}
