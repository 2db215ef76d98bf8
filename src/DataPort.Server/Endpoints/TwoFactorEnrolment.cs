using System.Security.Claims;
using DataPort.Identity;
using DataPort.Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DataPort.Server.Endpoints;

/// <summary>
/// Setting up two-factor sign-in with an authenticator app (RFC 6238 TOTP): the page shows a new key and its
/// <c>otpauth://</c> link, the person confirms with a code, and gets ten recovery codes, shown this once. Signed-in
/// people reach it from their account; people whose role requires a second factor are sent here after their password
/// and are signed in only once they have confirmed. A person who already has it may make new recovery codes, or turn it
/// off where their role does not require it.
/// </summary>
internal static class TwoFactorEnrolment
{
    public const string Path = "/account/two-factor";
    private const string RecoveryCodesPath = Path + "/recovery-codes";
    private const string DisablePath = Path + "/disable";
    private const int RecoveryCodeCount = 10;

    public static RouteGroupBuilder MapTwoFactorEnrolment(this RouteGroupBuilder account)
    {
        account.MapGet("/two-factor", ShowTwoFactor).WithName(nameof(ShowTwoFactor));
        account.MapPost("/two-factor", ConfirmAuthenticator).WithName(nameof(ConfirmAuthenticator));
        account.MapPost("/two-factor/recovery-codes", RenewRecoveryCodes).WithName(nameof(RenewRecoveryCodes));
        account.MapPost("/two-factor/disable", DisableTwoFactor).WithName(nameof(DisableTwoFactor));
        return account;
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> ShowTwoFactor(
        HttpContext context, UserManager<DataPortUser> users, PersonSignInManager signIn, TwoFactorPolicy policy,
        IAntiforgery antiforgery, string? returnUrl)
    {
        var (user, pending) = await EnrollingPersonAsync(context.User, users, signIn);
        if (user is null)
        {
            return TypedResults.Redirect(AccountPage.WithReturnUrl(IdentityAccount.SignInPath, Path));
        }
        if (await signIn.IsTwoFactorSetUpAsync(user))
        {
            return pending
                ? TypedResults.Redirect(AccountPage.WithReturnUrl(TwoFactorSignIn.Path, returnUrl))
                : StatusPage(context, antiforgery, await users.CountRecoveryCodesAsync(user), policy.IsRequiredFor(user));
        }
        return await SetUpPage(context, antiforgery, users, user, pending, returnUrl, error: null);
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> ConfirmAuthenticator(
        HttpContext context, [FromForm] TwoFactorCodeForm form, UserManager<DataPortUser> users, PersonSignInManager signIn,
        IAntiforgery antiforgery)
    {
        var (user, pending) = await EnrollingPersonAsync(context.User, users, signIn);
        if (user is null)
        {
            return TypedResults.Redirect(AccountPage.WithReturnUrl(IdentityAccount.SignInPath, Path));
        }
        if (await signIn.IsTwoFactorSetUpAsync(user))
        {
            // Re-enrolling would let whoever holds the password replace the owner's authenticator.
            return TypedResults.Redirect(Path);
        }
        var code = OneTimeCode.Digits(form.Code);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return await SetUpPage(context, antiforgery, users, user, pending, form.ReturnUrl,
                "验证码不正确：请确认手机时间准确，并输入应用当前显示的验证码。 The code does not match: check that your phone's clock is right and enter the code the app shows now.");
        }
        // Enabling changes the security stamp, which ends the person's other sessions.
        await users.SetTwoFactorEnabledAsync(user, true);
        var recoveryCodes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        if (pending)
        {
            await signIn.CompleteEnrolmentAsync(user);
        }
        else
        {
            await signIn.RefreshSignInAsync(user);
        }
        return RecoveryCodesPage("两步验证已开启 Two-factor sign-in is on", recoveryCodes, form.ReturnUrl);
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> RenewRecoveryCodes(
        HttpContext context, UserManager<DataPortUser> users, PersonSignInManager signIn, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return AntiforgeryProblem();
        }
        if (await SignedInPersonAsync(context.User, users) is not { } user || !await signIn.IsTwoFactorSetUpAsync(user))
        {
            return TypedResults.Redirect(Path);
        }
        var recoveryCodes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? [];
        return RecoveryCodesPage("新的恢复码 New recovery codes", recoveryCodes, returnUrl: null);
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> DisableTwoFactor(
        HttpContext context, UserManager<DataPortUser> users, UserAccounts accounts, PersonSignInManager signIn,
        TwoFactorPolicy policy, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return AntiforgeryProblem();
        }
        if (await SignedInPersonAsync(context.User, users) is not { } user)
        {
            return TypedResults.Redirect(Path);
        }
        if (policy.IsRequiredFor(user))
        {
            return AccountPage.Render("两步验证 Two-factor sign-in",
                AccountPage.Alert("您的角色必须使用两步验证，无法关闭。可在本页生成新的恢复码。 Your role requires two-factor sign-in, so it cannot be turned off. You can make new recovery codes on this page.")
                + $"<p><a href=\"{Path}\">返回 Back</a></p>",
                StatusCodes.Status400BadRequest);
        }
        await accounts.ResetTwoFactorAsync(user.Email!);
        await signIn.RefreshSignInAsync(await users.FindByIdAsync(user.Id.ToString()) ?? user);
        return TypedResults.Redirect(Path);
    }

    /// <summary>
    /// The signed-in person, or, between password and second factor, the person who still has to set it up
    /// (<c>pending</c>). An app's token never enrols anything.
    /// </summary>
    private static async Task<(DataPortUser? User, bool Pending)> EnrollingPersonAsync(
        ClaimsPrincipal principal, UserManager<DataPortUser> users, PersonSignInManager signIn)
    {
        if (await SignedInPersonAsync(principal, users) is { } signedIn)
        {
            return (signedIn, false);
        }
        return await signIn.PendingPersonAsync() is { } pending ? (pending, true) : (null, false);
    }

    private static async Task<DataPortUser?> SignedInPersonAsync(ClaimsPrincipal principal, UserManager<DataPortUser> users) =>
        principal.Identity?.IsAuthenticated == true && !principal.IsApp() && Guid.TryParse(principal.SubjectId(), out var id)
            ? await users.FindByIdAsync(id.ToString())
            : null;

    private static async Task<ContentHttpResult> SetUpPage(
        HttpContext context, IAntiforgery antiforgery, UserManager<DataPortUser> users, DataPortUser user, bool pending,
        string? returnUrl, string? error)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (key is null)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The authenticator key was not stored.");
        }
        var link = $"otpauth://totp/{Uri.EscapeDataString("DataPort:" + user.Email)}?secret={key}&issuer=DataPort&digits=6&period=30";
        var why = pending
            ? "<p>您的角色要求两步验证：完成设置后即可登录。 Your role requires two-factor sign-in: you are signed in once it is set up.</p>"
            : "";
        return AccountPage.Render("设置两步验证 Set up two-factor sign-in", $"""
            {AccountPage.Alert(error)}
            {why}
            <ol>
            <li>在身份验证器应用（如 Microsoft Authenticator、Google Authenticator、FreeOTP）中添加账户，输入密钥或打开链接。
                In an authenticator app (Microsoft Authenticator, Google Authenticator, FreeOTP…) add an account with this key, or open the link.
                <p>密钥 Key: <code data-authenticator-key>{AccountPage.Encode(Grouped(key))}</code></p>
                <p><a href="{AccountPage.Encode(link)}" data-authenticator-link>{AccountPage.Encode(link)}</a></p></li>
            <li>输入应用显示的 6 位验证码以确认。 Enter the 6-digit code the app shows to confirm.</li>
            </ol>
            <form method="post" action="{Path}">
            {AccountPage.AntiforgeryField(context, antiforgery)}
            {AccountPage.ReturnUrlField(returnUrl)}
            <label>验证码 Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
            <button type="submit">确认 Confirm</button>
            </form>
            """, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static ContentHttpResult StatusPage(HttpContext context, IAntiforgery antiforgery, int recoveryCodesLeft, bool required)
    {
        var field = AccountPage.AntiforgeryField(context, antiforgery);
        var disable = required
            ? "<p>您的角色必须使用两步验证。 Your role requires two-factor sign-in.</p>"
            : $"<form method=\"post\" action=\"{DisablePath}\">{field}<button type=\"submit\">关闭两步验证 Turn two-factor sign-in off</button></form>";
        return AccountPage.Render("两步验证 Two-factor sign-in", $"""
            <p>两步验证已开启。 Two-factor sign-in is on.</p>
            <p>剩余恢复码 Recovery codes left: <strong data-recovery-codes-left>{recoveryCodesLeft}</strong></p>
            <form method="post" action="{RecoveryCodesPath}">{field}<button type="submit">生成新的恢复码（旧码失效） Make new recovery codes (the old ones stop working)</button></form>
            {disable}
            <p><a href="/">首页 Home</a></p>
            """);
    }

    private static ContentHttpResult RecoveryCodesPage(string title, IEnumerable<string> recoveryCodes, string? returnUrl) =>
        AccountPage.Render(title, $"""
            <p>请将恢复码保存在安全的地方。每个恢复码只能使用一次，本页关闭后不再显示。
               Keep these recovery codes somewhere safe. Each works once, in place of a code from your app; they are not shown again.</p>
            <ul data-recovery-codes>
            {string.Concat(recoveryCodes.Select(code => $"<li><code>{AccountPage.Encode(code)}</code></li>"))}
            </ul>
            <p><a href="{AccountPage.Encode(AccountPage.LocalOrHome(returnUrl))}">继续 Continue</a></p>
            """);

    /// <summary>"JBSW Y3DP EHPK 3PXP": a 32-character key typed by hand, in groups of four.</summary>
    private static string Grouped(string key) =>
        string.Join(' ', key.Chunk(4).Select(chunk => new string(chunk))).ToUpperInvariant();

    private static ProblemHttpResult AntiforgeryProblem() =>
        TypedResults.Problem(title: "The antiforgery token is missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
}
