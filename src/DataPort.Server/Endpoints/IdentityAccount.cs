using System.Security.Claims;
using DataPort.Identity;
using DataPort.Identity.Hosting;
using DataPort.Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Cookie sign-in for the web catalog: the password step (then, where the account has it, the second factor in
/// <see cref="TwoFactorSignIn"/>), sign-out, and <c>GET /api/me</c>, which shows any authenticated caller the identity
/// DataPort sees.
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
        account.MapTwoFactorSignIn();
        account.MapTwoFactorEnrolment();

        app.MapGet("/api/me", GetMe).WithName(nameof(GetMe)).WithTags("Account").RequireAuthorization();
        return app;
    }

    public static ContentHttpResult ShowSignIn(HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        SignInPage(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignIn(
        HttpContext context, [FromForm] SignInForm form, PersonSignInManager signIn, IAntiforgery antiforgery)
    {
        var step = await signIn.SignInWithPasswordAsync(form.Email ?? "", form.Password ?? "");
        return step switch
        {
            PasswordStep.SignedIn => TypedResults.Redirect(AccountPage.LocalOrHome(form.ReturnUrl)),
            PasswordStep.CodeRequired => TypedResults.Redirect(AccountPage.WithReturnUrl(TwoFactorSignIn.Path, form.ReturnUrl)),
            PasswordStep.EnrolmentRequired => TypedResults.Redirect(AccountPage.WithReturnUrl(TwoFactorEnrolment.Path, form.ReturnUrl)),
            // One message for a wrong password, an unknown email and a locked account: no account enumeration.
            _ => SignInPage(context, antiforgery, form.ReturnUrl,
                "登录失败：邮箱或密码错误，或因多次失败账户暂时锁定。 Sign-in failed: the email or password is wrong, or the account is locked for a while after repeated failures.",
                StatusCodes.Status400BadRequest),
        };
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

    private static ContentHttpResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int statusCode) =>
        AccountPage.Render("登录 Sign in to DataPort", $"""
            {AccountPage.Alert(error)}
            <form method="post" action="{SignInPath}">
            {AccountPage.AntiforgeryField(context, antiforgery)}
            {AccountPage.ReturnUrlField(returnUrl)}
            <label>邮箱 Email <input type="email" name="email" autocomplete="username" required></label>
            <label>密码 Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">登录 Sign in</button>
            </form>
            """, statusCode);
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
