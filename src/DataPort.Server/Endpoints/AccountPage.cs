using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The bare pages of signing in and two-factor set-up, in Chinese and English side by side like the home page (the web
/// catalog styles them). Every form carries the antiforgery field; every redirect target is a path on this site.
/// </summary>
internal static class AccountPage
{
    public static ContentHttpResult Render(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Content($"""
            <!doctype html>
            <html lang="zh-CN">
            <head><meta charset="utf-8"><title>{Encode(title)} · DataPort</title></head>
            <body>
            <main>
            <h1>{Encode(title)}</h1>
            {body}
            </main>
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: statusCode);

    public static string Alert(string? message) => message is null ? "" : $"<p role=\"alert\">{Encode(message)}</p>";

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>The hidden form field every form that posts to this site carries.</summary>
    public static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken ?? "")}\">";
    }

    public static string ReturnUrlField(string? returnUrl) =>
        $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Encode(LocalOrHome(returnUrl))}\">";

    /// <summary>Only paths on this site: an open redirect would let a phishing link borrow our sign-in page.</summary>
    public static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    public static string WithReturnUrl(string path, string? returnUrl) =>
        $"{path}?returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}";
}
