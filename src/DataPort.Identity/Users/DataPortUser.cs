using Microsoft.AspNetCore.Identity;

namespace DataPort.Identity.Users;

/// <summary>
/// A person's account as ASP.NET Core Identity's <see cref="UserManager{TUser}"/> works on it: mutable, with the
/// password hash, security stamp and lockout state. The rest of DataPort sees <see cref="UserAccount"/>, made by
/// <see cref="ToAccount"/>. The user name is the email address; organisations and roles stay DataPort's model.
/// </summary>
public sealed class DataPortUser : IdentityUser<Guid>
{
    public string OrganisationId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public UserAccount ToAccount() =>
        new(Id, OrganisationId, Email ?? "", DisplayName, Roles, AccessFailedCount, LockoutEnd, CreatedAt);
}
