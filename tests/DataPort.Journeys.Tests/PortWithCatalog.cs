using System.Diagnostics;
using DataPort.Client;
using DataPort.Journeys.Tests.Cluster;
using DataPort.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataPort.Journeys.Tests;

/// <summary>
/// Fixture: a fresh database migrated, the shipped catalog imported and published by the real <c>dataport</c> command
/// (which loads every dataset into the sandbox), and the real server over it on Kestrel (a loopback port) with its jobs
/// and projections running. People (operators, owners, regulators) sign in through the development header the Testing
/// host accepts; apps get real client-credentials tokens over HTTP.
/// </summary>
public sealed class PortWithCatalog : IAsyncLifetime
{
    public const string Operator = "op-1;xm-operator;operator";
    public const string Regulator = "reg-1;xm-regulator;regulator";

    /// <summary>
    /// The platform's certificate key, the same for the <c>dataport</c> command and the server (as run.sh shares one), so
    /// certificates the import signed verify on the server.
    /// </summary>
    public const string CertificateSigningKey = "73512c065cc63c0451a3770290519a113d0594afe5973f2a3fef38947ecce744";

    /// <summary>Uploads above this many bytes are refused (kept small so the 413 is cheap to provoke).</summary>
    public const long MaxUploadBytes = 5_000_000;

    /// <summary>The smallest byte cap a sandbox answer may have, so a test reaches it with a few megabytes.</summary>
    public const long AnswerByteCap = 1 << 20;

    /// <summary>
    /// Silos in the port's cluster: 1, or 2 when <c>DATAPORT_JOURNEY_SILOS=2</c> (the test script runs the journeys both
    /// ways). The second is a real server process on the same database, so grains are placed on both and the journeys'
    /// calls cross between processes.
    /// </summary>
    public static int Silos { get; } = int.TryParse(Environment.GetEnvironmentVariable("DATAPORT_JOURNEY_SILOS"), out var silos) ? silos : 1;

    private readonly TestDatabase database = new();
    private readonly List<ServerProcess> otherNodes = [];
    private WebApplicationFactory<Program> server = null!;
    private string dataDirectory = null!;

    public string ConnectionString => database.ConnectionString;

    /// <summary>The running server's services, for tests that check what it built beneath the API (the sandbox database).</summary>
    public IServiceProvider Services => server.Services;

    /// <summary>Where the server listens (http://127.0.0.1:PORT/).</summary>
    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        dataDirectory = Directory.CreateTempSubdirectory($"{database.Name}-").FullName;
        await Programs.RunAsync(ConnectionString, "catalog", "import", Programs.Catalog);
        await Programs.RunAsync(ConnectionString, "catalog", "publish", Programs.Catalog, "--rows", "500", "--out-dir", Path.Combine(dataDirectory, "releases"));
        // What every node of one cluster must share (as a deployment would configure them).
        var settings = SharedNodeSettings.Create(dataDirectory);
        settings["Uploads:MaxBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Sandbox:ByteCap"] = AnswerByteCap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        server = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:DataPort", ConnectionString);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        server.UseKestrel(port: 0);
        server.StartServer();
        var listening = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(listening.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        for (var node = 1; node < Silos; node++)
        {
            otherNodes.Add(await ServerProcess.StartAsync(ConnectionString, "Testing", settings, Programs.Configuration));
        }
        await ClusterMembership.WaitForActiveSilosAsync(database.DataSource, Silos);
    }

    /// <summary>The generated clients acting as a signed-in person (sub;org;roles).</summary>
    public HttpClient As(string person)
    {
        var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Add("X-DataPort-Actor", person);
        return http;
    }

    /// <summary>A new organisation and an app of it with <paramref name="scopes"/>, connected through the SDK's connection.</summary>
    public async Task<DataPortConnection> NewAppAsync(string organisationId, params string[] scopes)
    {
        using (var operatorHttp = As(Operator))
        {
            await new OrganisationsClient(operatorHttp).CreateOrganisationAsync(new CreateOrganisationRequest { Id = organisationId, Name = organisationId });
        }
        return await AppOfAsync(organisationId, scopes);
    }

    /// <summary>An app of an organisation that already exists (a catalog department), made by the operator.</summary>
    public async Task<DataPortConnection> AppOfAsync(string organisationId, params string[] scopes)
    {
        using var operatorHttp = As(Operator);
        var created = await new ClientsClient(operatorHttp).CreateClientAsync(organisationId, new CreateClientRequest { Name = "journey app", Scopes = scopes });
        return DataPortConnection.Create(Address, created.Client.ClientId, created.ClientSecret);
    }

    public async Task DisposeAsync()
    {
        // Each part only if it was made: a failed start leaves the later ones null.
        foreach (var node in otherNodes)
        {
            await node.DisposeAsync();
        }
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        await database.DisposeAsync();
        if (dataDirectory is not null)
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

/// <summary>Runs the repository's own programs — the <c>dataport</c> command, the samples — and fails with what they printed.</summary>
internal static class Programs
{
    public static string Repository => RepositoryRoot.Path;

    /// <summary>Tests run from bin/CONFIGURATION/net10.0: the repository's programs were built with the same configuration.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string Catalog => Path.Combine(Repository, "catalogs");

    public static Task<string> RunAsync(string connectionString, params string[] arguments) =>
        RunBuiltAsync(Path.Combine("src", "DataPort.Cli"), "dataport.dll", connectionString, arguments);

    /// <summary>Runs a program of the repository from its own build output (built with the tests' configuration).</summary>
    public static Task<string> RunBuiltAsync(string project, string dllName, string? connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(Repository, project, "bin", Configuration, "net10.0", dllName));
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__DataPort"] = connectionString;
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Grains__CertificateSigningKey"] = PortWithCatalog.CertificateSigningKey;
        return RunAsync(start, arguments);
    }

    /// <summary>Runs a script of the repository with node.</summary>
    public static Task<string> RunNodeAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node");
        start.ArgumentList.Add(Path.Combine(Repository, script));
        return RunAsync(start, arguments);
    }

    private static async Task<string> RunAsync(ProcessStartInfo start, string[] arguments)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Repository;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await errors}\n{await output}");
        return await output;
    }
}

[CollectionDefinition(Name)]
public sealed class PortCollection : ICollectionFixture<PortWithCatalog>
{
    public const string Name = "port with catalog";
}
