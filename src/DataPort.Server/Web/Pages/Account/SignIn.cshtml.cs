using DataPort.Identity.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Account;

/// <summary>
/// The password step of signing in; then, where the account has two-factor sign-in, the code step
/// (<see cref="CodeModel"/>), or, where the role requires it and it is not set up yet, set-up (<see cref="TwoFactorModel"/>).
/// </summary>
public sealed class SignInModel(PersonSignInManager signIn) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var step = await signIn.SignInWithPasswordAsync(Email ?? "", Password ?? "");
        switch (step)
        {
            case PasswordStep.SignedIn:
                return Redirect(LocalUrl.OrHome(ReturnUrl));
            case PasswordStep.CodeRequired:
                return Redirect(LocalUrl.WithReturnUrl(CodeModel.Path, ReturnUrl));
            case PasswordStep.EnrolmentRequired:
                return Redirect(LocalUrl.WithReturnUrl(TwoFactorModel.Path, ReturnUrl));
            default:
                // One message for a wrong password, an unknown email and a locked account: no account enumeration.
                Failed = true;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }
}
