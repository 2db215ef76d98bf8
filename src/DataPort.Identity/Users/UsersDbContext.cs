using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DataPort.Identity.Users;

/// <summary>
/// ASP.NET Core Identity's user tables in the <c>identity</c> schema: <c>users</c> (DataPort's table since the first
/// release, with Identity's columns added) and the claims, logins and tokens beside it; the authenticator key and
/// recovery codes are tokens. The tables are created by DataPort's migrations (<c>0204_users_on_identity.sql</c>),
/// not by EF migrations. Phone numbers are not kept: DataPort signs people in by email.
/// </summary>
public sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : IdentityUserContext<DataPortUser, Guid>(options)
{
    public const string Schema = "identity";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<DataPortUser>(user =>
        {
            user.ToTable("users");
            user.Ignore(u => u.PhoneNumber);
            user.Ignore(u => u.PhoneNumberConfirmed);
        });
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        // PostgreSQL's snake_case, as every other DataPort table: NormalizedEmail is normalized_email.
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
        }
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
