using DataPort.Identity.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DataPort.Identity.Hosting;

/// <summary>
/// People's accounts on ASP.NET Core Identity: its <see cref="UserManager{TUser}"/> over the Entity Framework user
/// store in <c>identity.users</c>, with the authenticator (TOTP) token provider. Shared by the server and the CLI;
/// needs an <see cref="NpgsqlDataSource"/> and a <see cref="KeyEncryption"/>.
/// </summary>
public static class PeopleRegistration
{
    public static IdentityBuilder AddDataPortPeople(this IServiceCollection services)
    {
        services.AddDbContextPool<UsersDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddOptions<IdentityOptions>().Configure<IOptions<IdentityServiceOptions>>((identity, dataPort) =>
        {
            identity.User.RequireUniqueEmail = true;
            // The user name is the email address, and an address may hold characters Identity's default list lacks.
            identity.User.AllowedUserNameCharacters = "";
            // Length, not composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
            identity.Password.RequiredLength = IdentityServiceOptionsValidator.MinimumPasswordLength;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = dataPort.Value.Lockout.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = dataPort.Value.Lockout.Duration;
            // How Identity finds the person in a cookie (security-stamp checks); PersonPrincipalFactory writes the claims.
            identity.ClaimsIdentity.UserIdClaimType = DataPortClaims.Subject;
        });
        services.AddSingleton<OrganisationStore>();
        services.AddScoped<UserAccounts>();
        return services.AddIdentityCore<DataPortUser>()
            .AddUserStore<DataPortUserStore>()
            .AddUserManager<DataPortUserManager>()
            .AddClaimsPrincipalFactory<PersonPrincipalFactory>()
            .AddTokenProvider<AuthenticatorTokenProvider<DataPortUser>>(TokenOptions.DefaultAuthenticatorProvider);
    }
}
