using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using DataPort.Bench;
using DataPort.Bench.Load;
using DataPort.Client;
using DataPort.Testing;
using Npgsql;

// The governed sandbox against the same SQL run directly, through the real server over loopback HTTP.
//   1. One DataPort.Server process (one silo): sandbox queries and grant-checked Parquet downloads at 1, 16 and 64
//      closed-loop clients, each against the same SQL through Npgsql (database owner, pooled) at the same concurrency.
//      Clients share 16 grants (client i uses grant i mod 16): at 64 clients each grant runs its 4 uses at once.
//   2. The cluster's query throughput at 16 clients as a second and a third server process join (clients spread
//      round-robin over the nodes; all processes share this machine's cores).
// Usage: dotnet run -c Release --project bench/DataPort.Load.Bench [-- --seconds N]
var seconds = args.Length == 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);
const string Sql = $"SELECT district, count(*), avg(age) FROM {SandboxSeed.Table} WHERE age > 30 GROUP BY district";
const string DownloadSql = $"SELECT id, district, age FROM {SandboxSeed.Table}";

await using var database = await BenchDatabase.CreateAsync();
var loginSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
var grantIds = await Seed.RunAsync(database.ConnectionString, loginSecret, grants: 16);
var settings = new Dictionary<string, string>
{
    ["Sandbox:LoginSecret"] = loginSecret,
    ["Ledger:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Identity:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    // One app drives all the load: the per-client request budget is not what is measured.
    ["Identity:RateLimit:PermitLimit"] = "100000000",
    ["Logging:LogLevel:Default"] = "Warning",
};
var nodes = new List<ServerProcess> { await ServerProcess.StartAsync(database.ConnectionString, "Testing", settings, "Release") };
try
{
    var (clientId, secret) = await CreateAppAsync(nodes[0].Address);
    var apps = new List<DataPortConnection> { DataPortConnection.Create(nodes[0].Address, clientId, secret) };
    await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString)
    {
        Database = database.Name + "_sandbox", MaxPoolSize = 100,
    }.ConnectionString);
    var queries = new List<HttpContent>();
    foreach (var grantId in grantIds)
    {
        var body = JsonContent.Create(new { grantId, sql = Sql });
        await body.LoadIntoBufferAsync();
        queries.Add(body);
    }
    var downloads = grantIds.Select(grantId => $"api/sandbox/datasets/people/versions/1/download?grantId={grantId}").ToList();

    Console.WriteLine($"{SandboxSeed.Rows:N0} rows; {seconds} s per run; closed-loop clients; latency in ms");
    Console.WriteLine($"{"",-34} {"clients",7} {"throughput",12} {"p50",9} {"p99",9}   governed/direct (throughput, p50)");
    foreach (var (name, governed, direct) in new (string, Func<int, Task>, Func<int, Task>)[]
    {
        ("query", client => PostAsync(apps[0], "api/sandbox/queries", queries[client % queries.Count]), _ => ReadAllAsync(raw, Sql)),
        ("download (Parquet)", client => GetAsync(apps[0], downloads[client % downloads.Count]), _ => ReadAllAsync(raw, DownloadSql)),
    })
    {
        foreach (var clients in new[] { 1, 16, 64 })
        {
            var through = await Load.RunAsync(clients, duration, governed);
            var straight = await Load.RunAsync(clients, duration, direct);
            Console.WriteLine($"{name + ", governed (HTTP)",-34} {clients,7} {through}");
            Console.WriteLine($"{name + ", same SQL via Npgsql",-34} {clients,7} {straight}   " +
                $"{straight.PerSecond / through.PerSecond:0.00}x, {through.P50 / straight.P50:0.00}x");
        }
    }

    Console.WriteLine();
    Console.WriteLine("cluster: queries at 16 clients spread over the nodes");
    for (var size = 1; size <= 3; size++)
    {
        if (nodes.Count < size)
        {
            nodes.Add(await ServerProcess.StartAsync(database.ConnectionString, "Testing", settings, "Release"));
            apps.Add(DataPortConnection.Create(nodes[^1].Address, clientId, secret));
            await WaitForSilosAsync(database.DataSource, size);
        }
        var result = await Load.RunAsync(16, duration, client => PostAsync(apps[client % size], "api/sandbox/queries", queries[client % queries.Count]));
        Console.WriteLine($"{size} silo{(size == 1 ? " " : "s")}{"",-27} {16,7} {result}");
    }
}
catch
{
    Console.Error.WriteLine($"The first node's last lines:\n{nodes[0].OutputTail}");
    throw;
}
finally
{
    foreach (var node in nodes)
    {
        await node.DisposeAsync();
    }
}

static async Task<(string ClientId, string Secret)> CreateAppAsync(Uri server)
{
    using var operatorHttp = new HttpClient { BaseAddress = server };
    operatorHttp.DefaultRequestHeaders.Add("X-DataPort-Actor", "op-1;xm-operator;operator");
    await new OrganisationsClient(operatorHttp).CreateOrganisationAsync(new CreateOrganisationRequest { Id = SandboxSeed.Organisation, Name = "Bench developer" });
    var created = await new ClientsClient(operatorHttp).CreateClientAsync(SandboxSeed.Organisation,
        new CreateClientRequest { Name = "load bench", Scopes = ["sandbox.query", "data.download"] });
    return (created.Client.ClientId, created.ClientSecret);
}

static async Task PostAsync(DataPortConnection app, string path, HttpContent body)
{
    using var response = await app.Http.PostAsync(path, body);
    await Drain(response);
}

static async Task GetAsync(DataPortConnection app, string path)
{
    using var response = await app.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
    await Drain(response);
}

static async Task Drain(HttpResponseMessage response)
{
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    await body.CopyToAsync(Stream.Null);
}

static async Task ReadAllAsync(NpgsqlDataSource dataSource, string sql)
{
    await using var command = dataSource.CreateCommand(sql);
    await using var reader = await command.ExecuteReaderAsync();
    var values = new object[reader.FieldCount];
    while (await reader.ReadAsync())
    {
        reader.GetValues(values);
    }
}

static async Task WaitForSilosAsync(NpgsqlDataSource dataSource, int silos)
{
    // Orleans' SiloStatus.Active is stored as 3.
    while ((long)(await dataSource.CreateCommand("SELECT count(*) FROM cluster.silos WHERE status = 3").ExecuteScalarAsync())! != silos)
    {
        await Task.Delay(100);
    }
}
