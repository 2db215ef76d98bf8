using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace DataPort.Jobs;

public static class JobsRegistration
{
    /// <summary>Quartz's tables live in schema <c>quartz</c> with the usual <c>qrtz_</c> prefix (migration 0300).</summary>
    public const string TablePrefix = "quartz.qrtz_";

    /// <summary>All nodes share one scheduler name; that is what makes them one Quartz cluster.</summary>
    public const string SchedulerName = "DataPort";

    /// <summary>
    /// Background jobs: the run history and <see cref="JobRuns"/> always; with <c>Jobs:Enabled</c> (the
    /// default) also a clustered Quartz scheduler on the shared PostgreSQL, started and stopped with the host.
    /// Needs <c>AddDataPortDatabase()</c> (the registered <see cref="NpgsqlDataSource"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDataPortJobs(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(JobsOptions.SectionName);
        builder.Services.AddOptions<JobsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<JobRunStore>();
        builder.Services.TryAddSingleton<JobRuns>();

        // Quartz is configured while services are described, so its settings are read here too; the same
        // values are validated at start-up through the options above.
        var options = section.Get<JobsOptions>() ?? new JobsOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        var instanceId = string.IsNullOrWhiteSpace(options.InstanceId)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"
            : options.InstanceId;
        builder.Services.AddSingleton(new JobsLifecycle { InstanceId = instanceId });
        builder.Services.TryAddSingleton<JobProgress>();
        builder.Services.TryAddSingleton(services => ActivatorUtilities.CreateInstance<JobSchedule>(
            services, services.GetRequiredService<IOptions<JobsOptions>>().Value));

        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                scheduler.InstanceId = instanceId;
                scheduler.IdleWaitTime = options.PollInterval;
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            quartz.UseDefaultThreadPool(options.MaxConcurrency);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(source => source.DataSourceFactory = services => services.GetRequiredService<NpgsqlDataSource>());
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.CheckinInterval;
                    cluster.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                });
                store.ConfigureStore(jobStore =>
                {
                    jobStore.TablePrefix = TablePrefix;
                    jobStore.MisfireThreshold = options.MisfireThreshold;
                    // Job arguments are strings, readable in the table and safe across versions.
                    jobStore.StoreJobDataAsStrings = true;
                    jobStore.RecoverFiringsCancelledByShutdown = true;
                });
            });
            quartz.AddJobListener<RunHistoryListener>([GroupMatcher<JobKey>.AnyGroup()]);
            quartz.AddJobType<PipelineRunJob>();
            quartz.AddJobType<GrantExpirySweepJob>();
            quartz.AddJobType<LedgerSealingJob>();
            quartz.AddJobType<UsageRollupJob>();
            quartz.AddJobType<RunRetentionJob>();
            quartz.AddJobType<LedgerVerificationJob>();
        });
        builder.Services.AddHostedService<JobsHostedService>();

        // The host must give the staged stop its whole budget before it gives up on hosted services.
        builder.Services.Configure<HostOptions>(host =>
        {
            var needed = options.ShutdownGracePeriod + options.ShutdownTimeout + TimeSpan.FromSeconds(5);
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        return builder;
    }
}
