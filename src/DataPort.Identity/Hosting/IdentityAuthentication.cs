using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;

namespace DataPort.Identity.Hosting;

/// <summary>The authentication schemes of DataPort and the name of the one that picks between them.</summary>
public static class DataPortAuthenticationSchemes
{
    /// <summary>The default scheme: forwards each request to Bearer, the sign-in cookie, or (Development/Testing only) DevHeader.</summary>
    public const string Default = "DataPort";

    /// <summary>OpenIddict's validation of the access tokens its server issued.</summary>
    public const string Bearer = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;

    public const string Cookie = "DataPort.Cookie";

    /// <summary>The development-only acting-user header scheme of the domain module; used only where it is registered.</summary>
    public const string DevHeader = "DevHeader";

    public const string DevHeaderName = "X-DataPort-Actor";

    public const string CookieName = "__Host-dataport";

    /// <summary>Names a person between their password and their second factor, for five minutes; proves nothing else.</summary>
    public const string TwoFactorCookieName = "__Host-dataport-2fa";
}

internal static class IdentityAuthentication
{
    public static void Add(IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var devHeaderAllowed = IdentityServiceOptionsValidator.IsDevelopmentOrTesting(builder.Environment);

        services.AddAuthentication()
            .AddPolicyScheme(DataPortAuthenticationSchemes.Default, "Bearer token, sign-in cookie or development header", options =>
                options.ForwardDefaultSelector = context => SelectScheme(context, devHeaderAllowed))
            .AddCookie(DataPortAuthenticationSchemes.Cookie, options =>
            {
                HostOnly(options, DataPortAuthenticationSchemes.CookieName);
                options.LoginPath = "/account/signin";
                options.LogoutPath = "/account/signout";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events.OnRedirectToLogin = context => AnswerApiWith(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => AnswerApiWith(context, StatusCodes.Status403Forbidden);
                // A cookie issued before the person's password or two-factor settings changed stops working, on every node.
                options.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
            })
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, options =>
            {
                HostOnly(options, DataPortAuthenticationSchemes.TwoFactorCookieName);
                // Time to open an authenticator app, not to keep a half-signed-in browser around.
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                options.SlidingExpiration = false;
            })
            // Identity's sign-in manager asks this scheme whether a browser was remembered; DataPort never remembers one.
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme, options => HostOnly(options, "__Host-dataport-2fa-remember"));
        // How soon a changed security stamp ends other sessions; each check is one query per cookie per interval.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        // Whatever another module set as default before, tokens and cookies are how callers authenticate now.
        services.PostConfigure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = DataPortAuthenticationSchemes.Default;
            options.DefaultAuthenticateScheme = DataPortAuthenticationSchemes.Default;
            options.DefaultChallengeScheme = DataPortAuthenticationSchemes.Default;
            options.DefaultForbidScheme = DataPortAuthenticationSchemes.Default;
        });

        services.AddAuthorizationBuilder().AddScopePolicies();
    }

    /// <summary>
    /// HTTP-only, HTTPS-only, and Strict: the cookie never rides on a cross-site request, so JSON endpoints need no
    /// antiforgery token.
    /// </summary>
    private static void HostOnly(CookieAuthenticationOptions options, string name)
    {
        options.Cookie.Name = name;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
    }

    private static string SelectScheme(HttpContext context, bool devHeaderAllowed)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return DataPortAuthenticationSchemes.Bearer;
        }
        if (devHeaderAllowed && context.Request.Headers.ContainsKey(DataPortAuthenticationSchemes.DevHeaderName)
            && context.RequestServices.GetRequiredService<IOptions<AuthenticationOptions>>().Value.SchemeMap
                .ContainsKey(DataPortAuthenticationSchemes.DevHeader))
        {
            return DataPortAuthenticationSchemes.DevHeader;
        }
        if (context.Request.Cookies.ContainsKey(DataPortAuthenticationSchemes.CookieName))
        {
            return DataPortAuthenticationSchemes.Cookie;
        }
        return DataPortAuthenticationSchemes.Bearer;
    }

    /// <summary>An API caller gets a status code; only a browser asking for a page is redirected to sign in.</summary>
    private static Task AnswerApiWith(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = statusCode;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    /// <summary>One policy per scope. Apps need the scope; people (no <c>client_id</c>) are checked by role in the endpoint.</summary>
    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in DataPortScopes.All)
        {
            authorization.AddPolicy(DataPortPolicies.ForScope(scope), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => !context.User.IsApp() || context.User.Scopes().Contains(scope)));
        }
        authorization.AddPolicy(DataPortPolicies.LedgerRead, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => !context.User.IsApp()
                || context.User.Scopes().Contains(DataPortScopes.AuditRead) || context.User.Scopes().Contains(DataPortScopes.CatalogRead)));
        return authorization;
    }
}
