using DataPort.Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DataPort.Server.Endpoints;

/// <summary>
/// The second step of signing in, for accounts with two-factor sign-in: the six-digit code of the person's
/// authenticator app, or one of their recovery codes. Wrong codes count towards the account's lockout.
/// </summary>
internal static class TwoFactorSignIn
{
    public const string Path = "/account/signin/code";

    public static RouteGroupBuilder MapTwoFactorSignIn(this RouteGroupBuilder account)
    {
        account.MapGet("/signin/code", ShowCodeForm).WithName(nameof(ShowCodeForm));
        account.MapPost("/signin/code", SignInWithCode).WithName(nameof(SignInWithCode));
        return account;
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> ShowCodeForm(
        HttpContext context, PersonSignInManager signIn, IAntiforgery antiforgery, string? returnUrl)
    {
        if (await signIn.PendingPersonAsync() is null)
        {
            return TypedResults.Redirect(AccountPage.WithReturnUrl(IdentityAccount.SignInPath, returnUrl));
        }
        return CodePage(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK);
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignInWithCode(
        HttpContext context, [FromForm] TwoFactorCodeForm form, PersonSignInManager signIn, IAntiforgery antiforgery)
    {
        if (await signIn.PendingPersonAsync() is null)
        {
            // The five minutes after the password ran out, or this browser never gave one.
            return TypedResults.Redirect(AccountPage.WithReturnUrl(IdentityAccount.SignInPath, form.ReturnUrl));
        }
        var result = string.IsNullOrWhiteSpace(form.RecoveryCode)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(OneTimeCode.Digits(form.Code), isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(form.RecoveryCode.Trim());
        if (result.Succeeded)
        {
            return TypedResults.Redirect(AccountPage.LocalOrHome(form.ReturnUrl));
        }
        return CodePage(context, antiforgery, form.ReturnUrl,
            "验证码不正确或已过期，或账户因多次失败暂时锁定。 The code is wrong or has expired, or the account is locked for a while after repeated failures.",
            StatusCodes.Status400BadRequest);
    }

    private static ContentHttpResult CodePage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int statusCode) =>
        AccountPage.Render("两步验证 Two-factor sign-in", $"""
            {AccountPage.Alert(error)}
            <p>请输入身份验证器应用显示的 6 位验证码。 Enter the 6-digit code your authenticator app shows.</p>
            <form method="post" action="{Path}">
            {AccountPage.AntiforgeryField(context, antiforgery)}
            {AccountPage.ReturnUrlField(returnUrl)}
            <label>验证码 Code <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{'{'}6,7{'}'}" autofocus></label>
            <details>
            <summary>手机丢失？使用恢复码 Lost your phone? Use a recovery code</summary>
            <label>恢复码 Recovery code <input name="recoveryCode" autocomplete="off"></label>
            </details>
            <button type="submit">验证 Verify</button>
            </form>
            """, statusCode);
}

/// <summary>The code form's fields; either may be empty, and the recovery code wins when both are given.</summary>
public sealed record TwoFactorCodeForm
{
    public string? Code { get; init; }

    public string? RecoveryCode { get; init; }

    public string? ReturnUrl { get; init; }
}

internal static class OneTimeCode
{
    /// <summary>Apps show codes as "123 456"; people paste them with spaces or dashes.</summary>
    public static string Digits(string? code) => new((code ?? "").Where(char.IsAsciiDigit).ToArray());
}
