using DataPort.Client;
using DataPort.Testing;

namespace DataPort.Journeys.Tests.Cluster;

/// <summary>
/// Fixture: the shipped catalog imported and published on a fresh database, and three real DataPort.Server processes on
/// it forming one cluster. Nothing runs in the test process but HTTP clients and SQL reads, so every grain call
/// crosses a process; a test may start another node to kill.
/// </summary>
public sealed class ClusterOfProcesses : IAsyncLifetime
{
    public const string Operator = "op-1;xm-operator;operator";
    public const string DatasetId = "bus-stops";

    private readonly TestDatabase database = new();
    private readonly List<ServerProcess> nodes = [];
    private string dataDirectory = null!;

    /// <summary>What every node of one cluster shares, as a deployment would configure them.</summary>
    private Dictionary<string, string> settings = null!;

    public IReadOnlyList<ServerProcess> Nodes => nodes;

    public Npgsql.NpgsqlDataSource DataSource => database.DataSource;

    public string ConnectionString => database.ConnectionString;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        dataDirectory = Directory.CreateTempSubdirectory($"{database.Name}-").FullName;
        await Programs.RunAsync(database.ConnectionString, "catalog", "import", Programs.Catalog);
        await Programs.RunAsync(database.ConnectionString, "catalog", "publish", Programs.Catalog, "--rows", "500",
            "--out-dir", Path.Combine(dataDirectory, "releases"));
        settings = SharedNodeSettings.Create(dataDirectory);
        // The tests drive many queries per second from one app: its per-client limit is not what they measure.
        settings["Identity:RateLimit:PermitLimit"] = "100000";
        // The three shared nodes draft nothing, so a test can choose the nodes that run a pipeline (and kill one).
        settings["Jobs:PipelineWorkers"] = "0";
        settings["Jobs:InvisibilityTimeout"] = "00:00:10";
        nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartProcessAsync())));
        await ClusterMembership.WaitForActiveSilosAsync(DataSource, 3);
    }

    /// <summary>Another node on the same database, with <paramref name="overrides"/> of the shared settings; the caller kills or stops it.</summary>
    public Task<ServerProcess> StartProcessAsync(IReadOnlyDictionary<string, string>? overrides = null) =>
        ServerProcess.StartAsync(database.ConnectionString, "Testing",
            overrides is null ? settings : new Dictionary<string, string>(settings.Concat(overrides).GroupBy(s => s.Key).Select(g => g.Last())),
            Programs.Configuration);

    public HttpClient As(ServerProcess node, string person)
    {
        var http = new HttpClient { BaseAddress = node.Address };
        http.DefaultRequestHeaders.Add("X-DataPort-Actor", person);
        return http;
    }

    /// <summary>
    /// A new developer organisation with an app, granted the bus stops' public columns by their owner with at most
    /// <paramref name="maxQueries"/> queries. Returns the app's client credentials, to connect through any node.
    /// </summary>
    public async Task<GrantedApp> GrantedAppAsync(long? maxQueries = null)
    {
        var organisationId = "dev-" + Guid.NewGuid().ToString("N")[..12];
        var entry = nodes[0];
        CreatedClientView created;
        using (var operatorHttp = As(entry, Operator))
        {
            await new OrganisationsClient(operatorHttp).CreateOrganisationAsync(new CreateOrganisationRequest { Id = organisationId, Name = organisationId });
            created = await new ClientsClient(operatorHttp).CreateClientAsync(organisationId,
                new CreateClientRequest { Name = "cluster test app", Scopes = ["catalog.read", "sandbox.query"] });
        }
        using var app = DataPortConnection.Create(entry.Address, created.Client.ClientId, created.ClientSecret);
        var dataset = await app.Datasets.GetDatasetAsync(DatasetId);
        var version = Assert.Single(await app.Sandbox.ListSandboxVersionsAsync(DatasetId));
        var requested = await app.Grants.RequestAccessAsync(new AccessRequest
        {
            DatasetId = DatasetId, LicenceOptionId = "open-download", Purpose = "cluster test", TermDays = 30,
            Fields = [.. dataset.Columns.Where(c => !c.Personal).Select(c => c.Name)],
        });
        using var owner = As(entry, $"owner-1;{dataset.OwnerOrganisationId};merchant");
        await new GrantsClient(owner).ApproveGrantAsync(requested.GrantId, new Approval { MaxQueries = maxQueries });
        return new GrantedApp(created.Client.ClientId, created.ClientSecret, requested.GrantId,
            new SandboxQueryRequest { GrantId = requested.GrantId, Sql = $"SELECT count(*) FROM {version.Table}" });
    }

    /// <summary>The versions of a stream's events in the order they were stored: one linear history is 1, 2, 3… without a gap.</summary>
    public async Task<List<long>> StreamVersionsAsync(string streamId)
    {
        await using var command = DataSource.CreateCommand("SELECT version FROM events.mt_events WHERE stream_id = $1 ORDER BY seq_id");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = streamId });
        var versions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }
        return versions;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
        await database.DisposeAsync();
        if (dataDirectory is not null)
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}

/// <summary>An app's credentials and the grant it holds, with a query that reads the granted table.</summary>
public sealed record GrantedApp(string ClientId, string ClientSecret, string GrantId, SandboxQueryRequest Query)
{
    /// <summary>The app connected through <paramref name="node"/>, without the SDK's retries: each call is one attempt.</summary>
    public DataPortConnection Through(ServerProcess node) =>
        DataPortConnection.Create(node.Address, ClientId, ClientSecret, retry: new RetryPolicy(0, TimeSpan.Zero, TimeSpan.Zero));
}
