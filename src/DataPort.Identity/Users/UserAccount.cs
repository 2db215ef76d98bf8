namespace DataPort.Identity.Users;

/// <summary>A person who signs in to the web catalog. The password hash never leaves the identity module's stores.</summary>
public sealed record UserAccount(
    Guid Id,
    string OrganisationId,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    int AccessFailedCount,
    DateTimeOffset? LockoutEnd,
    DateTimeOffset CreatedAt)
{
    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}

/// <summary>What a password sign-in attempt came to; the caller shows one message for both failures.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

public sealed record SignInResult(SignInOutcome Outcome, UserAccount? User);
