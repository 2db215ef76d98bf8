using System.Security.Claims;
using DataPort.Identity.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Users;

/// <summary>Where a person's password step leads.</summary>
public enum PasswordStep
{
    /// <summary>Signed in: the session cookie is set.</summary>
    SignedIn,

    /// <summary>The password was right and the account has two-factor sign-in: ask for the authenticator's code.</summary>
    CodeRequired,

    /// <summary>The password was right, but the account's role requires two-factor sign-in it has not set up yet.</summary>
    EnrolmentRequired,

    /// <summary>Wrong email or password, or the account is locked: the page says the same for each.</summary>
    Failed,
}

/// <summary>
/// Identity's <see cref="SignInManager{TUser}"/> signing people in to DataPort's cookie scheme. Between the password and
/// the second factor a person holds only Identity's short-lived two-factor cookie, which names them and proves nothing
/// else; it also carries a person who still has to enrol to the enrolment page, and nowhere further.
/// </summary>
public sealed class PersonSignInManager : SignInManager<DataPortUser>
{
    private readonly TwoFactorPolicy twoFactorPolicy;
    private readonly IPasswordHasher<DataPortUser> passwordHasher;

    // Verified when the email is unknown, so an unknown address costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<DataPortUser>().HashPassword(new DataPortUser(), Guid.NewGuid().ToString()));

    public PersonSignInManager(
        UserManager<DataPortUser> userManager,
        IHttpContextAccessor contextAccessor,
        IUserClaimsPrincipalFactory<DataPortUser> claimsFactory,
        IOptions<IdentityOptions> options,
        ILogger<SignInManager<DataPortUser>> logger,
        IAuthenticationSchemeProvider schemes,
        IUserConfirmation<DataPortUser> confirmation,
        TwoFactorPolicy twoFactorPolicy,
        IPasswordHasher<DataPortUser> passwordHasher)
        : base(userManager, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
    {
        this.twoFactorPolicy = twoFactorPolicy;
        this.passwordHasher = passwordHasher;
        AuthenticationScheme = DataPortAuthenticationSchemes.Cookie;
    }

    public async Task<PasswordStep> SignInWithPasswordAsync(string email, string password)
    {
        var user = await UserManager.FindByEmailAsync(email);
        if (user is null)
        {
            passwordHasher.VerifyHashedPassword(new DataPortUser(), DummyHash.Value, password);
            return PasswordStep.Failed;
        }
        var check = await CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return PasswordStep.Failed;
        }
        if (await IsTwoFactorSetUpAsync(user))
        {
            await RememberPendingPersonAsync(user);
            return PasswordStep.CodeRequired;
        }
        if (twoFactorPolicy.IsRequiredFor(user))
        {
            await RememberPendingPersonAsync(user);
            return PasswordStep.EnrolmentRequired;
        }
        await SignInWithClaimsAsync(user, isPersistent: false, [new Claim(AuthenticationMethodClaim, "pwd")]);
        return PasswordStep.SignedIn;
    }

    /// <summary>The person between the password and the second factor, if this browser has one.</summary>
    public Task<DataPortUser?> PendingPersonAsync() => GetTwoFactorAuthenticationUserAsync();

    /// <summary>Signs in a person who has just proved their new authenticator while enrolling.</summary>
    public async Task CompleteEnrolmentAsync(DataPortUser user)
    {
        await Context.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await SignInWithClaimsAsync(user, isPersistent: false, [new Claim(AuthenticationMethodClaim, "mfa")]);
    }

    public async Task<bool> IsTwoFactorSetUpAsync(DataPortUser user) =>
        user.TwoFactorEnabled && await UserManager.GetAuthenticatorKeyAsync(user) is not null;

    // The claim and cookie shape Identity's own two-factor steps read back (RetrieveTwoFactorInfoAsync).
    private Task RememberPendingPersonAsync(DataPortUser user) => Context.SignInAsync(
        IdentityConstants.TwoFactorUserIdScheme,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Id.ToString())], IdentityConstants.TwoFactorUserIdScheme)));

    private const string AuthenticationMethodClaim = "amr";
}
