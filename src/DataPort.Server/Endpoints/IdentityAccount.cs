using System.Security.Claims;
using System.Text.Encodings.Web;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Cookie sign-in for the web catalog (a bare form; the web catalog styles it) and <c>GET /api/me</c>, which
/// shows any authenticated caller the identity DataPort sees.
/// </summary>
internal static class IdentityAccount
{
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";

    public static IEndpointRouteBuilder MapIdentityAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").WithTags("Account").AllowAnonymous().ExcludeFromDescription();
        account.MapGet("/signin", ShowSignIn).WithName(nameof(ShowSignIn));
        // [FromForm] binding makes the antiforgery middleware validate the token before the handler runs.
        account.MapPost("/signin", SignIn).WithName(nameof(SignIn));
        account.MapPost("/signout", SignOut).WithName(nameof(SignOut));

        app.MapGet("/api/me", GetMe).WithName(nameof(GetMe)).WithTags("Account").RequireAuthorization();
        return app;
    }

    public static ContentHttpResult ShowSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        SignInPage(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignIn(
        HttpContext context, [FromForm] SignInForm form, UserAccounts accounts, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var result = await accounts.CheckPasswordAsync(form.Email ?? "", form.Password ?? "", cancellationToken);
        if (result is not { Outcome: SignInOutcome.Succeeded, User: { } user })
        {
            // One message for a wrong password, an unknown email and a locked account: no account enumeration.
            return SignInPage(context, antiforgery, form.ReturnUrl,
                "Sign-in failed: the email or password is wrong, or the account is locked for a while after repeated failures.",
                StatusCodes.Status400BadRequest);
        }
        await context.SignInAsync(DataPortAuthenticationSchemes.Cookie, Principal(user));
        return TypedResults.Redirect(IsLocal(form.ReturnUrl) ? form.ReturnUrl! : "/");
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext context, IAntiforgery antiforgery)
    {
        // No form fields are bound here, so the antiforgery check is explicit.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(title: "The antiforgery token is missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
        }
        await context.SignOutAsync(DataPortAuthenticationSchemes.Cookie);
        return TypedResults.Redirect("/");
    }

    public static Ok<MeView> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeView(
        user.SubjectId() ?? "",
        user.OrganisationId(),
        user.Roles().Order(StringComparer.Ordinal).ToList(),
        user.Scopes().Order(StringComparer.Ordinal).ToList(),
        user.ClientIdOf(),
        user.Claims.Select(c => new ClaimView(c.Type, c.Value)).ToList()));

    private static ClaimsPrincipal Principal(UserAccount user)
    {
        List<Claim> claims =
        [
            new(DataPortClaims.Subject, user.Id.ToString()),
            new(DataPortClaims.Organisation, user.OrganisationId),
            new(DataPortClaims.Name, user.DisplayName),
            new(DataPortClaims.Email, user.Email),
            .. user.Roles.Select(role => new Claim(DataPortClaims.Role, role)),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(
            claims, DataPortAuthenticationSchemes.Cookie, DataPortClaims.Subject, DataPortClaims.Role));
    }

    /// <summary>The hidden form field every form that posts to this site carries (sign-in, sign-out).</summary>
    internal static string AntiforgeryField(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        return $"<input type=\"hidden\" name=\"{html.Encode(tokens.FormFieldName)}\" value=\"{html.Encode(tokens.RequestToken ?? "")}\">";
    }

    /// <summary>Only paths on this site: an open redirect would let a phishing link borrow our sign-in page.</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    private static ContentHttpResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int statusCode)
    {
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"<p role=\"alert\">{html.Encode(error)}</p>";
        return TypedResults.Content($"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign in · DataPort</title></head>
            <body>
            <main>
            <h1>Sign in to DataPort</h1>
            {message}
            <form method="post" action="{SignInPath}">
            {AntiforgeryField(context, antiforgery)}
            <input type="hidden" name="returnUrl" value="{html.Encode(IsLocal(returnUrl) ? returnUrl! : "/")}">
            <label>Email <input type="email" name="email" autocomplete="username" required></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            </main>
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: statusCode);
    }
}

/// <summary>
/// The sign-in form's fields. Properties, not constructor parameters: form binding requires every constructor
/// parameter to be posted, and a script signing in (curl) need not send <c>returnUrl</c>.
/// </summary>
public sealed record SignInForm
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }
}

/// <summary>The caller as DataPort sees it: the claims of the caller-identity contract, and all claims for diagnosis.</summary>
public sealed record MeView(
    string Subject, string? OrganisationId, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string? ClientId,
    IReadOnlyList<ClaimView> Claims);

public sealed record ClaimView(string Type, string Value);
