using System.Security.Claims;
using System.Text.Encodings.Web;
using DataPort.Sandbox.Database;
using DataPort.Sandbox.Grants;
using DataPort.Sandbox.Loading;
using DataPort.Sandbox.Roles;
using DataPort.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Sandbox.Tests.Api;

/// <summary>
/// Fixture: the whole server on a database of its own, people v1 loaded, and a row-level grant for dev-1. Callers
/// are given by the test-only header <c>X-Test-Caller: sub;org[;client_id;scopes]</c>.
/// </summary>
public sealed class ApiWithSandbox : IAsyncLifetime
{
    public const string CallerHeader = "X-Test-Caller";
    private readonly TestDatabase database = new();

    public WebApplicationFactory<Program> Api { get; private set; } = null!;
    public InMemoryGrantGateway Grants => (InMemoryGrantGateway)Api.Services.GetRequiredService<IGrantGateway>();
    public string GrantId { get; } = Guid.NewGuid().ToString();
    public string AggregateGrantId { get; } = Guid.NewGuid().ToString();

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Api = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:DataPort", database.ConnectionString);
            builder.UseSetting("Sandbox:StatementTimeout", "00:00:02");
            builder.UseSetting("Sandbox:RowCap", "50");
            builder.ConfigureTestServices(services =>
            {
                // Grants issued by the test itself (the grain-backed gateway is covered by the journey tests).
                services.AddSingleton<IGrantGateway>(provider =>
                    new InMemoryGrantGateway(TimeProvider.System, provider.GetRequiredService<NpgsqlDataSource>(), SandboxWithData.Developer));
                services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestCallerHandler>(TestCallerHandler.SchemeName, _ => { });
                services.PostConfigure<AuthenticationOptions>(options =>
                {
                    options.DefaultScheme = TestCallerHandler.SchemeName;
                    options.DefaultAuthenticateScheme = TestCallerHandler.SchemeName;
                    options.DefaultChallengeScheme = TestCallerHandler.SchemeName;
                });
            });
        });
        var loader = Api.Services.GetRequiredService<SandboxLoader>();
        await loader.LoadAsync(new LoadRequest("people", 1, "h1", new InMemoryRowSource(SandboxWithData.PeopleColumns, SandboxWithData.People(1))));
        var grant = new SandboxGrant(GrantId, SandboxGrantStatus.Active, DateTimeOffset.UtcNow.AddDays(1), MinimumGroupSize: 3,
            [new GrantedDataset("people", new HashSet<string> { "id", "district", "age", "income" })]);
        Grants.Put(grant);
        Grants.Put(grant with { GrantId = AggregateGrantId },
            FakeTerms.For(SandboxWithData.Developer) with { AggregateOnly = true, DownloadAllowed = false });
    }

    public HttpClient Client(string caller = SandboxWithData.Developer + ";org-dev")
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Add(CallerHeader, caller);
        return client;
    }

    public async Task DisposeAsync()
    {
        await ClusterRoles.DropAllGrantRolesAsync(Api.Services.GetRequiredService<SandboxDatabase>().DataSource, Api.Services.GetRequiredService<ISandboxRoles>());
        await Api.DisposeAsync();
        await database.DisposeAsync();
    }
}

/// <summary>Test-only authentication: the caller's claims come from one header, shaped like the identity contract.</summary>
public sealed class TestCallerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestCaller";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiWithSandbox.CallerHeader, out var value))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var parts = value.ToString().Split(';');
        var claims = new List<Claim> { new("sub", parts[0]), new("org", parts[1]) };
        if (parts.Length > 2)
        {
            claims.Add(new Claim("client_id", parts[2]));
            claims.Add(new Claim("scope", parts.Length > 3 ? parts[3] : ""));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, "sub", "role"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
