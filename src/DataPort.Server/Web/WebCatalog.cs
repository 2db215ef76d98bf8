using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace DataPort.Server.Web;

/// <summary>
/// The web catalog: Razor Pages under <c>Web/Pages</c>, in Chinese (the default) and English. The language comes from
/// the cookie the switch in every page's header sets, then the browser's Accept-Language; every label is a resource
/// (<see cref="Text"/>), and catalog metadata is shown in the language it has.
/// </summary>
public static class WebCatalog
{
    public const string LanguagePath = "/language";

    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IHostApplicationBuilder AddDataPortWebCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        // Chinese is written as characters, not &#x...; entities: pages stay readable and a third smaller. Markup
        // characters (<, >, &, quotes) are still encoded.
        builder.Services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Web/Pages";
            options.Conventions.ConfigureFilter(new ContentSecurityPolicy());
        }).AddViewLocalization();
        builder.Services.AddScoped<Console.GrantChooser>();
        builder.Services.AddScoped<Ledger.ActorNames>();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // The switch's cookie first, then what the browser asks for; never the query string, so links stay clean.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
            options.FallBackToParentUICultures = true;
            options.FallBackToParentCultures = true;
        });
        return builder;
    }

    public static WebApplication UseDataPortWebCatalog(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapDataPortWebCatalog(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet(LanguagePath + "/{culture}", SwitchLanguage).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Remembers the language for a year and goes back to the page the switch was pressed on.</summary>
    private static IResult SwitchLanguage(string culture, string? returnUrl, HttpContext http)
    {
        var chosen = Cultures.FirstOrDefault(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
        http.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
    }

    public const string StatusPath = "/status";

    private static readonly string[] ApiPrefixes = ["/api", "/connect", "/.well-known", "/health", "/docs", "/openapi"];

    /// <summary>A browser navigating to a page (it asks for HTML, outside the API's paths): its errors are pages, not problem documents.</summary>
    public static bool IsPageNavigation(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)
        && !ApiPrefixes.Any(prefix => http.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the page is being shown in English; Chinese otherwise.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
