namespace DataPort.Identity.Users;

/// <summary>A person who signs in to the web catalog, as the rest of DataPort sees them. The password hash and two-factor secrets never leave the identity module's stores.</summary>
public sealed record UserAccount(
    Guid Id,
    string OrganisationId,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    int AccessFailedCount,
    DateTimeOffset? LockoutEnd,
    DateTimeOffset CreatedAt);
