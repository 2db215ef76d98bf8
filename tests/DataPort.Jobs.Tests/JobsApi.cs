using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Jobs.Tests;

/// <summary>The whole server with fast-polling job servers, on the class's own database.</summary>
public sealed class JobsApi(string connectionString) : WebApplicationFactory<Program>
{
    /// <summary>The caller-identity header of the development scheme: <c>sub;org;role[,role]</c>.</summary>
    public const string ActorHeader = "X-DataPort-Actor";

    public HttpClient ClientAs(string roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ActorHeader, $"user-1;org-1;{roles}");
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in JobsNode.FastSettings(connectionString))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication();
            services.AddAuthorization();
            // The domain module's DevHeader scheme reads the same header; until it is in the server,
            // this stand-in is registered under its name (and made the default if nothing else is).
            services.PostConfigure<AuthenticationOptions>(options =>
            {
                if (!options.SchemeMap.ContainsKey(DevHeaderStandIn.SchemeName))
                {
                    options.AddScheme<DevHeaderStandIn>(DevHeaderStandIn.SchemeName, null);
                }
                options.DefaultScheme ??= DevHeaderStandIn.SchemeName;
            });
        });
    }
}

/// <summary>Reads <c>X-DataPort-Actor: sub;org;role[,role]</c> into the caller-identity claims.</summary>
public sealed class DevHeaderStandIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DevHeader";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(JobsApi.ActorHeader, out var header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var parts = header.ToString().Split(';');
        if (parts.Length != 3)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed actor header."));
        }
        var claims = new List<Claim> { new("sub", parts[0]), new("org", parts[1]) };
        claims.AddRange(parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(role => new Claim("role", role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, "sub", "role"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
