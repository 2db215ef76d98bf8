using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataPort.Identity.Clients;
using DataPort.Identity.Users;
using DataPort.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataPort.Identity.Tests;

/// <summary>The whole server in memory on a given database, with a hand-moved clock and extra settings.</summary>
public sealed class IdentityApi(
    string connectionString, ManualClock clock, IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    : WebApplicationFactory<Program>
{
    public ManualClock Clock { get; } = clock;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:DataPort", connectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        }
    }

    /// <summary>An HTTPS client (the sign-in cookie is Secure) that shows redirects instead of following them.</summary>
    public HttpClient CreateHttpsClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    public async Task<string> CreateOrganisationAsync(string? id = null)
    {
        id ??= "org-" + Guid.NewGuid().ToString("N")[..10];
        await Services.GetRequiredService<OrganisationStore>().TryCreateAsync(new Organisation(id, id, Clock.GetUtcNow()), default);
        return id;
    }

    public async Task<UserAccount> CreateUserAsync(string organisation, string password, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(organisation, $"{Guid.NewGuid():N}@example.org", "Test user", password, roles), default);
    }

    /// <summary>Identity's password check with lockout, as the sign-in form runs it.</summary>
    public async Task<Microsoft.AspNetCore.Identity.SignInResult> CheckPasswordAsync(string email, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<PersonSignInManager>();
        var user = await signIn.UserManager.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
    }

    /// <summary>The account as Identity stores it (password hash, two-factor state), read fresh.</summary>
    public async Task<DataPortUser> FindStoredUserAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DataPortUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No account {email}.");
    }

    public async Task<(string ClientId, string Secret)> CreateClientAsync(
        string organisation, IReadOnlyList<string> scopes, IReadOnlyList<string>? grantTypes = null)
    {
        var (client, secret) = await Services.GetRequiredService<ClientManagement>()
            .CreateAsync(organisation, new NewClient("Test app", scopes, grantTypes), "test", default);
        return (client.ClientId, secret.Value);
    }

    public async Task<HttpResponseMessage> RequestTokenAsync(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(clientId, secret);
        return await CreateClient().SendAsync(request);
    }

    public async Task<string> GetTokenAsync(string clientId, string secret, string? scope = null)
    {
        using var response = await RequestTokenAsync(clientId, secret, scope);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    public async Task<string> NewAppTokenAsync(string organisation, params string[] scopes)
    {
        var (clientId, secret) = await CreateClientAsync(organisation, scopes);
        return await GetTokenAsync(clientId, secret);
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>RFC 6749 §2.3.1: both parts form-urlencoded, then joined and base64-encoded.</summary>
    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));
}

/// <summary>Fixture: a migrated database and the API on it, with its own clock.</summary>
public class ApiWithIdentity : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public IdentityApi Api { get; private set; } = null!;

    public string ConnectionString => database.ConnectionString;

    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Api = new IdentityApi(database.ConnectionString, new ManualClock(), Settings);
    }

    /// <summary>A second server process on the same database (same settings, own clock and caches).</summary>
    public IdentityApi SecondServer(ManualClock? clock = null, ILoggerProvider? logs = null) =>
        new(database.ConnectionString, clock ?? new ManualClock(Api.Clock.GetUtcNow()), Settings, logs);

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await database.DisposeAsync();
    }
}
