using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DataPort.Identity.Users;

public sealed record NewUser(string OrganisationId, string Email, string DisplayName, string Password, IReadOnlyList<string> Roles);

/// <summary>Creating and listing people's accounts through ASP.NET Core Identity's <see cref="UserManager{TUser}"/>.</summary>
public sealed class UserAccounts(UserManager<DataPortUser> users, OrganisationStore organisations, TimeProvider clock)
{
    /// <summary>Creates the account; throws <see cref="IdentityConflictException"/> when the email is taken.</summary>
    public async Task<UserAccount> CreateAsync(NewUser request, CancellationToken cancellationToken)
    {
        Validate(request);
        if (await organisations.FindAsync(request.OrganisationId, cancellationToken) is null)
        {
            throw new IdentityNotFoundException($"Organisation '{request.OrganisationId}' does not exist.");
        }
        var email = request.Email.Trim();
        var user = new DataPortUser
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = request.OrganisationId,
            UserName = email,
            Email = email,
            DisplayName = request.DisplayName.Trim(),
            Roles = request.Roles.Distinct(StringComparer.Ordinal).ToList(),
            CreatedAt = clock.GetUtcNow(),
        };
        try
        {
            ThrowOnFailure(await users.CreateAsync(user, request.Password));
        }
        catch (DbUpdateException)
        {
            // Another request registered the address between Identity's uniqueness check and the insert.
            throw new IdentityConflictException("An account with this email already exists.");
        }
        return user.ToAccount();
    }

    public async Task<UserAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (await users.FindByEmailAsync(email))?.ToAccount();
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(string organisationId, CancellationToken cancellationToken) =>
        (await users.Users.AsNoTracking()
            .Where(user => user.OrganisationId == organisationId)
            .OrderBy(user => user.Email)
            .ToListAsync(cancellationToken))
        .Select(user => user.ToAccount())
        .ToList();

    /// <summary>
    /// Turns two-factor sign-in off and forgets the authenticator and recovery codes, for a person who lost both; their
    /// sessions end, and where two-factor is required their next sign-in leads to enrolment. False: no such account.
    /// </summary>
    public async Task<bool> ResetTwoFactorAsync(string email)
    {
        if (await users.FindByEmailAsync(email) is not { } user)
        {
            return false;
        }
        await ResetTwoFactorAsync(user);
        return true;
    }

    /// <inheritdoc cref="ResetTwoFactorAsync(string)"/>
    public async Task ResetTwoFactorAsync(DataPortUser user)
    {
        ThrowOnFailure(await users.RemoveAuthenticationTokenAsync(user, DataPortUserStore.InternalLoginProvider, DataPortUserStore.AuthenticatorKeyTokenName));
        ThrowOnFailure(await users.RemoveAuthenticationTokenAsync(user, DataPortUserStore.InternalLoginProvider, DataPortUserStore.RecoveryCodeTokenName));
        // Last, because it renews the security stamp, which is what ends the person's sessions.
        ThrowOnFailure(await users.SetTwoFactorEnabledAsync(user, false));
    }

    private static void ThrowOnFailure(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }
        var error = result.Errors.First();
        throw error.Code switch
        {
            nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) =>
                new IdentityConflictException("An account with this email already exists."),
            nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) =>
                new IdentityValidationException("email", "The email address is not valid."),
            _ when error.Code.StartsWith("Password", StringComparison.Ordinal) =>
                new IdentityValidationException("password", error.Description),
            _ => new InvalidOperationException($"Identity refused the change: {error.Code}."),
        };
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
