using System.Security.Cryptography;
using DataPort.Database;
using DataPort.EventStore.Projections;
using DataPort.Sandbox.Aggregations;
using DataPort.Sandbox.Downloads;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Queries;
using DataPort.Sandbox.Roles;
using DataPort.Sandbox.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Sandbox;

public static class SandboxRegistration
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
                // Sandbox logins connect to the same server as the application unless told otherwise; the
                // credentials of that connection string are replaced by the grant's own login role.
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
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
        // The live grants are the grant grains' (AddDataPortGrains): a host without them fails at start naming IGrainFactory.
        builder.Services.AddSingleton<IGrantGateway, GrainGrantGateway>();
        builder.Services.AddSingleton<IInlineProjection, QueryLogProjection>();
        builder.Services.TryAddSingleton<IParquetExport, ParquetExport>();
        builder.Services.AddSingleton<GrantLogins>();
        builder.Services.AddSingleton<SandboxVersions>();
        builder.Services.AddSingleton<SandboxLoader>();
        builder.Services.AddSingleton<ISandboxRoles, SandboxRoles>();
        // Roles follow grant events, run by the event store's projection daemon one process at a time. Expiry with
        // no event is the host's grant-expiry sweep's to catch (DropExpiredAsync), so scheduling stays in one place.
        builder.Services.AddSingleton<IAsyncProjection, GrantRoleProjection>();
        builder.Services.AddSingleton<SandboxGuard>();
        builder.Services.AddSingleton<SandboxQueries>();
        builder.Services.AddSingleton<SandboxAggregations>();
        builder.Services.AddSingleton<SandboxDownloads>();
        return builder;
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
