using DataPort.Identity.Users;
using DataPort.Server.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Account;

/// <summary>
/// The second step of signing in, for accounts with two-factor sign-in: the six-digit code of the person's
/// authenticator app, or one of their recovery codes. Wrong codes count towards the account's lockout.
/// </summary>
public sealed class CodeModel(PersonSignInManager signIn) : PageModel
{
    public const string Path = "/account/signin/code";

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.PendingPersonAsync() is null ? BackToSignIn() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.PendingPersonAsync() is null)
        {
            // The five minutes after the password ran out, or this browser never gave one.
            return BackToSignIn();
        }
        var result = string.IsNullOrWhiteSpace(RecoveryCode)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(OneTimeCode.Digits(Code), isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCode.Trim());
        if (result.Succeeded)
        {
            return Redirect(LocalUrl.OrHome(ReturnUrl));
        }
        Failed = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private RedirectResult BackToSignIn() => Redirect(LocalUrl.WithReturnUrl(IdentityAccount.SignInPath, ReturnUrl));
}

internal static class OneTimeCode
{
    /// <summary>Apps show codes as "123 456"; people paste them with spaces or dashes.</summary>
    public static string Digits(string? code) => new((code ?? "").Where(char.IsAsciiDigit).ToArray());
}
