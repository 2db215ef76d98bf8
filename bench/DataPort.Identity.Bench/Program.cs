using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataPort.Bench;
using DataPort.Bench.Load;
using DataPort.Client;
using DataPort.Testing;

// The token service's cost through one real DataPort.Server process over loopback HTTP, at 1 and 16 closed-loop clients:
//   token:     POST /connect/token, client_credentials with HTTP Basic (secret check, token entry, ES256 signature);
//   validated: GET /api/me with a bearer token (signature, token entry and app status checked on every call);
//   anonymous: GET /health/live, the same pipeline with no authentication: validated minus anonymous is the check's cost.
// Usage: dotnet run -c Release --project bench/DataPort.Identity.Bench [-- --seconds N]
var seconds = args.Length == 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);

await using var database = await BenchDatabase.CreateAsync();
var settings = new Dictionary<string, string>
{
    ["Identity:KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    ["Identity:RateLimit:PermitLimit"] = "100000000",
    ["Logging:LogLevel:Default"] = "Warning",
};
await using var server = await ServerProcess.StartAsync(database.ConnectionString, "Testing", settings, "Release");
using var http = new HttpClient { BaseAddress = server.Address };
var (clientId, secret) = await CreateAppAsync(http);
var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
var token = await RequestTokenAsync(http, basic);

Console.WriteLine($"{seconds} s per run; closed-loop clients; latency in ms");
Console.WriteLine($"{"",-12} {"clients",7} {"throughput",12} {"p50",9} {"p99",9}");
foreach (var (name, call) in new (string, Func<int, Task>)[]
{
    ("token", _ => RequestTokenAsync(http, basic)),
    ("validated", _ => GetAsync(http, "api/me", token)),
    ("anonymous", _ => GetAsync(http, "health/live", null)),
})
{
    foreach (var clients in new[] { 1, 16 })
    {
        Console.WriteLine($"{name,-12} {clients,7} {await Load.RunAsync(clients, duration, call)}");
    }
}

static async Task<(string ClientId, string Secret)> CreateAppAsync(HttpClient http)
{
    using var operatorHttp = new HttpClient { BaseAddress = http.BaseAddress };
    operatorHttp.DefaultRequestHeaders.Add("X-DataPort-Actor", "op-1;xm-operator;operator");
    await new OrganisationsClient(operatorHttp).CreateOrganisationAsync(new CreateOrganisationRequest { Id = "bench-developer", Name = "Bench developer" });
    var created = await new ClientsClient(operatorHttp).CreateClientAsync("bench-developer",
        new CreateClientRequest { Name = "identity bench", Scopes = ["catalog.read"] });
    return (created.Client.ClientId, created.ClientSecret);
}

static async Task<string> RequestTokenAsync(HttpClient http, AuthenticationHeaderValue basic)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token")
    {
        Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
    };
    request.Headers.Authorization = basic;
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
}

static async Task GetAsync(HttpClient http, string path, string? token)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    await response.Content.CopyToAsync(Stream.Null);
}
