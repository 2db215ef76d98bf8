using DataPort.Identity;
using DataPort.Identity.Users;
using DataPort.Server.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataPort.Server.Web.Pages.Account;

/// <summary>
/// Setting up two-factor sign-in with an authenticator app (RFC 6238 TOTP): a new key and its <c>otpauth://</c> link,
/// confirmed with a code, then ten recovery codes shown this once. Signed-in people come here from the header; people
/// whose role requires a second factor are sent here after their password and are signed in once they confirm. Who
/// already has it may make new recovery codes (<c>/account/two-factor/recoverycodes</c>) or turn it off where their
/// role does not require it (<c>/account/two-factor/disable</c>).
/// </summary>
public sealed class TwoFactorModel(
    UserManager<DataPortUser> users, UserAccounts accounts, PersonSignInManager signIn, TwoFactorPolicy policy) : PageModel
{
    public const string Path = "/account/two-factor";
    private const int RecoveryCodeCount = 10;

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>What the page shows: set-up, the state of an enabled second factor, or fresh recovery codes.</summary>
    public TwoFactorView View { get; private set; } = TwoFactorView.SetUp;

    public bool Pending { get; private set; }

    public bool Failed { get; private set; }

    public bool Refused { get; private set; }

    public bool Required { get; private set; }

    public string Key { get; private set; } = "";

    public string AuthenticatorLink { get; private set; } = "";

    public int RecoveryCodesLeft { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var (user, pending) = await EnrollingPersonAsync();
        if (user is null)
        {
            return Redirect(LocalUrl.WithReturnUrl(IdentityAccount.SignInPath, Path));
        }
        if (await signIn.IsTwoFactorSetUpAsync(user))
        {
            // A browser that only knows the password goes on to the code step, never to a new authenticator.
            return pending ? Redirect(LocalUrl.WithReturnUrl(CodeModel.Path, ReturnUrl)) : await StatusAsync(user);
        }
        return await SetUpAsync(user, pending);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, pending) = await EnrollingPersonAsync();
        if (user is null)
        {
            return Redirect(LocalUrl.WithReturnUrl(IdentityAccount.SignInPath, Path));
        }
        if (await signIn.IsTwoFactorSetUpAsync(user))
        {
            // Re-enrolling would let whoever holds the password replace the owner's authenticator.
            return Redirect(Path);
        }
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, OneTimeCode.Digits(Code)))
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await SetUpAsync(user, pending);
        }
        // Enabling changes the security stamp, which ends the person's other sessions.
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        if (pending)
        {
            await signIn.CompleteEnrolmentAsync(user);
        }
        else
        {
            await signIn.RefreshSignInAsync(user);
        }
        View = TwoFactorView.NewRecoveryCodes;
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await SignedInPersonAsync() is not { } user || !await signIn.IsTwoFactorSetUpAsync(user))
        {
            return Redirect(Path);
        }
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];
        View = TwoFactorView.NewRecoveryCodes;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await SignedInPersonAsync() is not { } user)
        {
            return Redirect(Path);
        }
        if (policy.IsRequiredFor(user))
        {
            Refused = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await StatusAsync(user);
        }
        await accounts.ResetTwoFactorAsync(user);
        await signIn.RefreshSignInAsync(user);
        return Redirect(Path);
    }

    /// <summary>
    /// The signed-in person, or, between password and second factor, the person who still has to set it up
    /// (<c>pending</c>). An app's token never enrols anything.
    /// </summary>
    private async Task<(DataPortUser? User, bool Pending)> EnrollingPersonAsync()
    {
        if (await SignedInPersonAsync() is { } signedIn)
        {
            return (signedIn, false);
        }
        return await signIn.PendingPersonAsync() is { } pending ? (pending, true) : (null, false);
    }

    private async Task<DataPortUser?> SignedInPersonAsync() =>
        User.Identity?.IsAuthenticated == true && !User.IsApp() && Guid.TryParse(User.SubjectId(), out var id)
            ? await users.FindByIdAsync(id.ToString())
            : null;

    private async Task<PageResult> SetUpAsync(DataPortUser user, bool pending)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (key is null)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The authenticator key was not stored.");
        }
        Key = string.Join(' ', key.Chunk(4).Select(chunk => new string(chunk))).ToUpperInvariant();
        AuthenticatorLink = $"otpauth://totp/{Uri.EscapeDataString("DataPort:" + user.Email)}?secret={key}&issuer=DataPort&digits=6&period=30";
        Pending = pending;
        View = TwoFactorView.SetUp;
        return Page();
    }

    private async Task<PageResult> StatusAsync(DataPortUser user)
    {
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        Required = policy.IsRequiredFor(user);
        View = TwoFactorView.Enabled;
        return Page();
    }
}

public enum TwoFactorView
{
    SetUp,
    Enabled,
    NewRecoveryCodes,
}
