using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Jobs;

public static class JobsRegistration
{
    /// <summary>Hangfire's tables; <c>dataport db migrate</c> creates and upgrades them with Hangfire's own installer.</summary>
    public const string SchemaName = DataPort.Database.HangfireSchema.Name;

    /// <summary>
    /// Background jobs on Hangfire over DataPort's PostgreSQL: the client, the monitoring API behind <see cref="JobRuns"/>
    /// and the recurring jobs always; with <c>Jobs:Enabled</c> (the default) also this node's workers, one Hangfire server
    /// for the pipeline queue and one for housekeeping. Needs <c>AddDataPortDatabase()</c> (the <see cref="NpgsqlDataSource"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDataPortJobs(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(JobsOptions.SectionName);
        builder.Services.AddOptions<JobsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<JobProgress>();
        builder.Services.TryAddSingleton<JobRuns>();
        // The retry and retention policies: the client takes them from DI, the servers are given them below.
        builder.Services.AddSingleton<IJobFilterProvider>(services => new JobFilterProviderCollection(
            JobFilterProviders.Providers, new JobPolicies(services.GetRequiredService<IOptions<JobsOptions>>().Value)));

        // This host's own storage, registered before Hangfire's (which would take the process-wide JobStorage.Current).
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var options = services.GetRequiredService<IOptions<JobsOptions>>().Value;
            return new PostgreSqlStorage(new DataSourceConnections(services.GetRequiredService<NpgsqlDataSource>()), new PostgreSqlStorageOptions
            {
                SchemaName = SchemaName,
                // The schema is dataport db migrate's to change, never a running server's.
                PrepareSchemaIfNecessary = false,
                QueuePollInterval = options.QueuePollInterval,
                InvisibilityTimeout = options.InvisibilityTimeout,
                UseSlidingInvisibilityTimeout = true,
            });
        });
        builder.Services.AddHangfire((services, hangfire) =>
        {
            // Hangfire's global AutomaticRetry (10 attempts for every job) goes: JobPolicies gives each job its own, one place to look.
            GlobalJobFilters.Filters.Remove<AutomaticRetryAttribute>();
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseStorage(services.GetRequiredService<JobStorage>());
            ProgressOnTheDashboard.Register(hangfire);
        });
        builder.Services.AddHostedService<RecurringJobs>();

        var settings = section.Get<JobsOptions>() ?? new JobsOptions();
        if (settings.Enabled)
        {
            if (settings.PipelineWorkers > 0)
            {
                AddServer(builder.Services, JobQueues.Pipeline, settings.PipelineWorkers, [JobQueues.Pipeline]);
            }
            AddServer(builder.Services, JobQueues.Housekeeping, settings.HousekeepingWorkers, [JobQueues.Housekeeping, JobQueues.Default]);
        }
        return builder;
    }

    /// <summary>One Hangfire server per queue group, so each group has workers of its own on every node.</summary>
    private static void AddServer(IServiceCollection services, string name, int workers, string[] queues) =>
        services.AddHangfireServer((provider, server) =>
        {
            var options = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            // Hangfire adds a unique suffix; the name says which node and which queue group.
            server.ServerName = $"{options.NodeName ?? $"{Environment.MachineName}:{Environment.ProcessId}"}:{name}";
            server.WorkerCount = workers;
            // The workers elect retries; Hangfire.NetCore gives them the global filters unless told otherwise.
            server.FilterProvider = provider.GetRequiredService<IJobFilterProvider>();
            server.Queues = queues;
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.ShutdownTimeout = options.ShutdownTimeout;
            server.StopTimeout = options.ShutdownTimeout;
        });
}
