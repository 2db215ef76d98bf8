using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Bench;
using DataPort.Bench.Load;
using DataPort.Testing;

// Server-side render time of the web catalog's pages through one real DataPort.Server process over loopback HTTP, with
// the whole shipped catalog imported and published (as scripts/run.sh does), one closed-loop client, in Chinese:
//   catalog:  GET /  (every visible dataset, six facets with counts, the first page)
//   filtered: GET /?theme=transport&price=free&q=…  (text and two facets)
//   dataset:  GET /datasets/{id}  (a grain read: schema, versions, licences; five sample rows from the sandbox)
//   disclosure: GET /disclosure  (the year's report over every published dataset)
//   ledger:   GET /ledger  (signed in as a regulator: chain status, the newest 50 of every entry)
// Usage: dotnet run -c Release --project bench/DataPort.Web.Bench [-- --seconds N]
var seconds = args.Length == 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);

await using var database = await BenchDatabase.CreateAsync();
var releases = Directory.CreateTempSubdirectory("dataport-web-bench-");
try
{
    await DataportAsync(database.ConnectionString, "catalog", "import", Path.Combine(RepositoryRoot.Path, "catalogs"));
    await DataportAsync(database.ConnectionString, "catalog", "publish", Path.Combine(RepositoryRoot.Path, "catalogs"),
        "--rows", "200", "--out-dir", releases.FullName);
    var settings = new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" };
    await using var server = await ServerProcess.StartAsync(database.ConnectionString, "Testing", settings, "Release");
    using var http = new HttpClient { BaseAddress = server.Address };
    http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
    var datasetId = await FirstDatasetAsync(http);
    var regulator = JsonDocument.Parse(await DataportAsync(database.ConnectionString, "users", "add", "--org", "xm-regulator", "--email",
        "bench-regulator@example.org", "--role", "regulator")).RootElement.GetProperty("password").GetString()!;
    using var signedIn = await SignedIn.AsAsync(server.Address, "bench-regulator@example.org", regulator);

    Console.WriteLine($"{seconds} s per page; 1 client; latency in ms (server-side render plus loopback)");
    Console.WriteLine($"{"",-11} {"throughput",12} {"p50",9} {"p95",9} {"p99",9}");
    foreach (var (name, path) in new[]
    {
        ("catalog", "/"),
        ("filtered", "/?theme=transport&price=free&q=%E5%AE%A2%E6%B5%81"),
        ("dataset", $"/datasets/{datasetId}"),
        ("disclosure", "/disclosure"),
        ("ledger", "/ledger"),
    })
    {
        var client = path == "/ledger" ? signedIn : http;
        var result = await Load.RunAsync(1, duration, async _ =>
        {
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });
        Console.WriteLine($"{name,-11} {result.PerSecond,9:0} /s {result.P50,9:0.00} {result.P95,9:0.00} {result.P99,9:0.00}");
    }
}
finally
{
    releases.Delete(recursive: true);
}

static async Task<string> FirstDatasetAsync(HttpClient http)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets?pageSize=1");
    request.Headers.Add("X-DataPort-Actor", "op-1;xm-operator;operator");
    using var response = await http.SendAsync(request);
    var page = await response.Content.ReadFromJsonAsync<JsonElement>();
    return page.GetProperty("items")[0].GetProperty("datasetId").GetString()!;
}

static async Task<string> DataportAsync(string connectionString, params string[] arguments)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "src", "DataPort.Cli", "bin", "Release", "net10.0", "dataport.dll"));
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }
    start.Environment["ConnectionStrings__DataPort"] = connectionString;
    start.Environment["DOTNET_ENVIRONMENT"] = "Development";
    using var process = Process.Start(start)!;
    var errors = process.StandardError.ReadToEndAsync();
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"dataport {string.Join(' ', arguments)} failed: {await errors}");
    }
    return output;
}
