using System.Security.Cryptography;
using DataPort.Database;
using DataPort.EventStore;
using DataPort.Sandbox.Aggregations;
using DataPort.Sandbox.Database;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using DataPort.Sandbox.Usage;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Sandbox;

public static partial class SandboxRegistration
{
    /// <summary>
    /// Registers the sandbox: options from <c>Sandbox</c> (validated at start-up), loader, grant roles (kept in step with
    /// grant events by an async projection, and with expiry times by a periodic pass), queries, aggregations,
    /// downloads, and the query log (projected from the grant's usage events). Needs <c>AddDataPortDatabase()</c>,
    /// <c>AddDataPortEventStore()</c> and <c>AddDataPortGrains()</c>: the live grants are the grant grains'.
    /// </summary>
    public static IHostApplicationBuilder AddDataPortSandbox(this IHostApplicationBuilder builder)
    {
        var fallbackSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var development = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        builder.Services.AddOptions<SandboxOptions>()
            .Bind(builder.Configuration.GetSection(SandboxOptions.Section))
            .PostConfigure(options =>
            {
                // Sandbox logins connect to the sandbox database unless told otherwise; the credentials of that
                // connection string are replaced by the grant's own login role.
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = SandboxConnectionString(builder.Configuration);
                }
                // Outside production a missing secret gets a per-process one (grant passwords are re-set on first use).
                if (string.IsNullOrEmpty(options.LoginSecret) && development)
                {
                    options.LoginSecret = fallbackSecret;
                }
            })
            .Validate(options => options.Validate().Count == 0, "invalid")
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<SandboxOptions>>().Value);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(services => CreateDatabase(builder.Configuration, services));
        // Registered before the web server, so the database is ready before the first request.
        builder.Services.AddHostedService<SandboxDatabasePreparation>();
        // The live grants are the grant grains' (AddDataPortGrains): a host without them fails at start naming IGrainFactory.
        builder.Services.AddSingleton<IGrantGateway, GrainGrantGateway>();
        builder.Services.AddEventProjection<QueryLogProjection>(ProjectionLifecycle.Inline);
        builder.Services.TryAddSingleton<IParquetExport, ParquetExport>();
        builder.Services.AddSingleton<GrantLogins>();
        builder.Services.AddSingleton<SandboxVersions>();
        builder.Services.AddSingleton<SandboxSamples>();
        builder.Services.AddSingleton<SandboxLoader>();
        builder.Services.AddSingleton<ISandboxRoles, SandboxRoles>();
        // Roles follow grant events, a Marten subscription run by one process's daemon at a time. Expiry with
        // no event is the host's grant-expiry sweep's to catch (DropExpiredAsync), so scheduling stays in one place.
        builder.Services.AddAsyncProjection<GrantRoleProjection>("sandbox-grant-roles", GrantRoleProjection.EventTypes);
        builder.Services.AddSingleton<SandboxGuard>();
        builder.Services.AddSingleton<CheckedQueries>();
        builder.Services.AddSingleton<SandboxQueries>();
        builder.Services.AddSingleton<SandboxAggregations>();
        builder.Services.AddSingleton<SandboxDownloads>();
        return builder;
    }

    /// <summary>
    /// The sandbox database of a configuration: <c>ConnectionStrings:Sandbox</c>, or by default the platform database's
    /// name with <c>_sandbox</c> on the same server.
    /// </summary>
    public static string SandboxConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Sandbox") is { Length: > 0 } configured
            ? configured
            : SandboxDatabase.DefaultFor(PlatformConnectionString(configuration));

    /// <summary>The sandbox database for a host or command that loads, manages roles or queries.</summary>
    public static SandboxDatabase CreateDatabase(IConfiguration configuration, IServiceProvider services) =>
        new(SandboxConnectionString(configuration), PlatformConnectionString(configuration),
            services.GetRequiredService<ILogger<SandboxDatabase>>());

    private static string PlatformConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)
        ?? throw new InvalidOperationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set.");

    /// <summary>
    /// Prepares the sandbox database at start (created if missing, bookkeeping, lock-down). A server whose database is
    /// down still starts (readiness says so); every sandbox operation prepares first, so the first one after the
    /// database returns does it.
    /// </summary>
    private sealed partial class SandboxDatabasePreparation(SandboxDatabase database, ILogger<SandboxDatabasePreparation> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await database.PrepareAsync(cancellationToken);
            }
            catch (NpgsqlException e)
            {
                LogNotReady(logger, e);
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox database could not be prepared at start; the first sandbox use will try again")]
        private static partial void LogNotReady(ILogger logger, Exception exception);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Reports every problem with the options, each naming its setting.</summary>
    private sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
    {
        public ValidateOptionsResult Validate(string? name, SandboxOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
