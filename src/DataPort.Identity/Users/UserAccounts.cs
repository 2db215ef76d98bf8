using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Users;

public sealed record NewUser(string OrganisationId, string Email, string DisplayName, string Password, IReadOnlyList<string> Roles);

/// <summary>Creating accounts and checking passwords, with ASP.NET Core Identity's hasher and lockout rules.</summary>
public sealed class UserAccounts(
    UserStore store, IPasswordHasher<UserAccount> hasher, IOptions<IdentityServiceOptions> options, TimeProvider clock)
{
    // Verified when the email is unknown, so an unknown address costs as much time as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<UserAccount>().HashPassword(null!, Guid.NewGuid().ToString()));

    /// <summary>Creates the account; throws <see cref="IdentityConflictException"/> when the email is taken.</summary>
    public async Task<UserAccount> CreateAsync(NewUser request, CancellationToken cancellationToken)
    {
        Validate(request);
        var user = new UserAccount(
            Guid.CreateVersion7(), request.OrganisationId, request.Email.Trim(), request.DisplayName.Trim(),
            request.Roles.Distinct(StringComparer.Ordinal).ToList(), 0, null, clock.GetUtcNow());
        if (await store.FindOrganisationAsync(request.OrganisationId, cancellationToken) is null)
        {
            throw new IdentityNotFoundException($"Organisation '{request.OrganisationId}' does not exist.");
        }
        var hash = hasher.HashPassword(user, request.Password);
        if (!await store.TryCreateUserAsync(user, hash, cancellationToken))
        {
            throw new IdentityConflictException("An account with this email already exists.");
        }
        return user;
    }

    public async Task<SignInResult> CheckPasswordAsync(string email, string password, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var found = await store.FindByEmailAsync(email, cancellationToken);
        if (found is not { } account)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return new SignInResult(SignInOutcome.Failed, null);
        }
        var (user, hash) = account;
        // Lockout is checked before the password, so a locked account gives no hint whether a guess was right.
        if (user.IsLockedOut(now))
        {
            return new SignInResult(SignInOutcome.LockedOut, user);
        }
        var verification = hasher.VerifyHashedPassword(user, hash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            var lockoutEnd = await store.RecordFailedAttemptAsync(user.Id, now, options.Value.Lockout, cancellationToken);
            return lockoutEnd is { } end && end > now
                ? new SignInResult(SignInOutcome.LockedOut, user with { LockoutEnd = end })
                : new SignInResult(SignInOutcome.Failed, user);
        }
        var rehash = verification == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null;
        await store.RecordSuccessAsync(user.Id, rehash, cancellationToken);
        return new SignInResult(SignInOutcome.Succeeded, user with { AccessFailedCount = 0, LockoutEnd = null });
    }

    private static void Validate(NewUser request)
    {
        if (!System.Net.Mail.MailAddress.TryCreate(request.Email, out _))
        {
            throw new IdentityValidationException("email", "The email address is not valid.");
        }
        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            throw new IdentityValidationException("displayName", "A display name is required.");
        }
        if (request.Password is null || request.Password.Length < IdentityServiceOptionsValidator.MinimumPasswordLength)
        {
            throw new IdentityValidationException("password",
                $"The password must be at least {IdentityServiceOptionsValidator.MinimumPasswordLength} characters.");
        }
        if (request.Roles.Count == 0 || request.Roles.Any(role => !DataPortRoles.IsKnown(role)))
        {
            throw new IdentityValidationException("roles", $"Roles must be one or more of: {string.Join(", ", DataPortRoles.All)}.");
        }
    }
}
