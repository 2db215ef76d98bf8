using System.Text.Encodings.Web;
using DataPort.Domain.Common;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The front door until the web catalog lands: who you are signed in as, and where each kind of user starts, in
/// Chinese and English.
/// </summary>
public static class Home
{
    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowHome).WithName(nameof(ShowHome)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static ContentHttpResult ShowHome(HttpContext http, IAntiforgery antiforgery)
    {
        var html = HtmlEncoder.Default;
        var who = Caller.FromClaims(http.User) is { } caller
            ? $"<p>已登录 Signed in: <strong>{html.Encode(http.User.FindFirst("email")?.Value ?? caller.Id)}</strong> · "
              + $"{html.Encode(caller.OrganisationId)} · {html.Encode(string.Join(", ", caller.Roles))}</p>"
              + $"<form method=\"post\" action=\"{IdentityAccount.SignOutPath}\">{AccountPage.AntiforgeryField(http, antiforgery)}<button>退出 Sign out</button></form>"
            : $"<p><a href=\"{IdentityAccount.SignInPath}\">登录 Sign in</a></p>";
        return TypedResults.Content($$"""
            <!doctype html>
            <html lang="zh-CN">
            <head><meta charset="utf-8"><title>厦门数据港 · DataPort</title></head>
            <body>
            <main>
            <h1>厦门数据港 DataPort</h1>
            {{who}}
            <ul>
            <li><a href="/docs">API 文档 API docs</a> — 登录后可直接调用 · calls use your sign-in</li>
            <li>数商与委办局 Merchants and departments: 上传 CSV、审阅脱敏草稿、发布 · upload a CSV, review the masked draft, publish (<code>/api/datasets/{id}/uploads</code>)</li>
            <li>开发者 Developers: 使用 SDK 访问沙箱 · use the SDK and the sandbox (<code>/api/sandbox</code>)</li>
            <li>监管 Regulators: 用量、公示与暂停 · usage, disclosure and suspension (<code>/api/usage</code>, <code>/api/disclosure</code>)</li>
            <li>运营 Operators: 账户与作业 · accounts and jobs (<code>/api/organisations</code>, <code>/api/jobs</code>)</li>
            </ul>
            </main>
            </body>
            </html>
            """, "text/html; charset=utf-8");
    }
}
