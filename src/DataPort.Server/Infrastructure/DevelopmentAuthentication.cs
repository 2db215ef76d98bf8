using System.Security.Claims;
using System.Text.Encodings.Web;
using DataPort.Domain.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataPort.Server.Infrastructure;

/// <summary>
/// The "DevHeader" scheme: <c>X-DataPort-Actor: &lt;sub&gt;;&lt;org&gt;;&lt;role&gt;[,&lt;role&gt;...]</c> names the caller.
/// Registered only in Development and Testing, so no production request can claim an identity this way.
/// </summary>
public static class DevelopmentAuthentication
{
    public const string Scheme = "DevHeader";
    public const string HeaderName = "X-DataPort-Actor";

    public static IHostApplicationBuilder AddDevelopmentAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorization();
        var authentication = builder.Services.AddAuthentication();
        if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DevHeaderHandler>(Scheme, "Development acting-user header", _ => { });
        }
        return builder;
    }

    /// <summary>The header value for a caller, as tests and local tools send it.</summary>
    public static string HeaderValue(string sub, string organisation, params string[] roles) =>
        $"{sub};{organisation};{string.Join(',', roles)}";
}

internal sealed class DevHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(DevelopmentAuthentication.HeaderName, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var parts = values.ToString().Split(';');
        if (parts.Length != 3 || string.IsNullOrWhiteSpace(parts[0]))
        {
            return Task.FromResult(AuthenticateResult.Fail(
                $"{DevelopmentAuthentication.HeaderName} must be '<sub>;<org>;<role>[,<role>...]'."));
        }
        List<Claim> claims = [new(Caller.SubjectClaim, parts[0].Trim()), new(Caller.OrganisationClaim, parts[1].Trim())];
        claims.AddRange(parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => new Claim(Caller.RoleClaim, role)));
        var identity = new ClaimsIdentity(claims, Scheme.Name, Caller.SubjectClaim, Caller.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
