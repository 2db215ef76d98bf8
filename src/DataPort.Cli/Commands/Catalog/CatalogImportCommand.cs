using System.CommandLine;
using DataPort.Catalog.Import;
using DataPort.Cli.Commands.Users;
using DataPort.Database;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Sandbox;
using DataPort.Sandbox.Loading;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;

namespace DataPort.Cli.Commands.Catalog;

/// <summary><c>dataport catalog import DIR</c>: registers the catalog's assets and datasets through the grains.</summary>
internal static class CatalogImportCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("CATALOG") { Description = "Catalog directory, e.g. catalogs/ (relative to the current directory)" };
        var connection = ConnectionOption.Create();
        var command = new Command("import",
            "Register every dataset's asset and create the dataset with its licence options, as the owners would; "
            + "and make every catalog organisation one people can sign in for; "
            + "prints {\"assets\":N,\"datasets\":N,\"created\":N,\"unchanged\":N} (a second run creates nothing)")
        {
            directory, connection,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var content = CatalogDirectory.Load(CatalogDirectory.Resolve(parseResult.GetValue(directory)));
            var connectionString = ConnectionOption.Resolve(parseResult, connection);
            await using var silo = await GrainHost.StartAsync(connectionString, cancellationToken);
            ImportSummary summary;
            try
            {
                summary = await new CatalogImporter(silo.Grains, TimeProvider.System).ImportAsync(content, cancellationToken);
                // The departments own the datasets just imported: their people must be able to sign in for them.
                await using var directory = SignInDirectory.Open(connectionString);
                var created = await directory.EnsureOrganisationsAsync(content.Organisations.Select(o => (o.Id, o.Name)), cancellationToken);
                parseResult.InvocationConfiguration.Error.WriteLine(
                    $"sign-in organisations: {created} created, {content.Organisations.Count - created} already there");
            }
            catch (ImportException e)
            {
                throw new CliException(e.Message);
            }
            catch (NpgsqlException e)
            {
                var problem = e is PostgresException postgres ? postgres.MessageText : e.Message;
                throw new CliException($"database: {problem} (is it reachable, and migrated with 'dataport db migrate'?)");
            }
            parseResult.InvocationConfiguration.Output.WriteLine(summary.ToJson());
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>
/// A silo inside the CLI process that joins the cluster of its database for the command's length, so a change goes
/// through the one activation of its grain whether or not servers are running; it leaves the cluster on dispose.
/// </summary>
internal sealed class GrainHost : IAsyncDisposable
{
    private readonly IHost host;

    private GrainHost(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Loads published versions into the sandbox database, as the server's publishing does.</summary>
    public SandboxLoader Sandbox => host.Services.GetRequiredService<SandboxLoader>();

    public SandboxVersions SandboxVersions => host.Services.GetRequiredService<SandboxVersions>();

    public IConfiguration Configuration => host.Services.GetRequiredService<IConfiguration>();

    public IHostEnvironment Environment => host.Services.GetRequiredService<IHostEnvironment>();

    /// <summary>
    /// Starts the silo and waits until it has joined the cluster. The event store runs without Marten's async daemon:
    /// the servers' daemon follows what the command appends.
    /// </summary>
    public static async Task<GrainHost> StartAsync(string connectionString, CancellationToken cancellationToken)
    {
        var host = Build(connectionString);
        try
        {
            _ = host.Services.GetRequiredService<IOptions<GrainOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            host.Dispose();
            throw Explained(e, " Set Grains__CertificateSigningKey, or DOTNET_ENVIRONMENT=Development for a throw-away key.");
        }
        await host.StartAsync(cancellationToken);
        return new GrainHost(host);
    }

    /// <summary>
    /// The same services, not started, for work that only replays history (rebuilding read models): no grain is called,
    /// so no silo joins and no key is needed.
    /// </summary>
    public static GrainHost CreateForReplay(string connectionString) => new(Build(connectionString));

    public IDocumentStore Events => host.Services.GetRequiredService<IDocumentStore>();

    private static CliException Explained(OptionsValidationException e, string whatToDo = "") => new(string.Join("; ", e.Failures) + whatToDo);

    private static IHost Build(string connectionString)
    {
        try
        {
            return BuildUnchecked(connectionString);
        }
        catch (OptionsValidationException e)
        {
            // A setting read while the services are put together (the cluster's address) fails here, not at start.
            throw Explained(e);
        }
    }

    private static IHost BuildUnchecked(string connectionString)
    {
        // The environment (DOTNET_ENVIRONMENT) decides, as for the server, whether a throw-away certificate key is allowed.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Production,
            ApplicationName = "dataport-cli",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = connectionString,
        });
        // The CLI prints one JSON line; host and grain logs would get in its way.
        builder.Logging.ClearProviders();
        builder.AddDataPortDatabase();
        // A short-lived command never takes part in the async daemon: the servers' daemon follows what it appends.
        builder.AddDataPortEventStore(runDaemon: false);
        builder.AddDataPortGrains();
        builder.Services.AddSingleton(services => SandboxRegistration.CreateDatabase(builder.Configuration, services));
        builder.Services.AddSingleton<SandboxLoader>();
        builder.Services.AddSingleton<SandboxVersions>();
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        // A started silo leaves the cluster in an orderly way, handing its activations back; an unstarted host just ends.
        try
        {
            await host.StopAsync();
        }
        finally
        {
            host.Dispose();
        }
    }
}
