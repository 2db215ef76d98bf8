using System.Security.Claims;
using DataPort.Identity.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Users;

/// <summary>
/// The claims of a signed-in person, in DataPort's claim names (the same a token of an app carries: <c>sub</c>,
/// <c>org</c>, <c>role</c>), plus Identity's security stamp, which lets every node refuse a cookie issued before the
/// person's password or two-factor settings changed.
/// </summary>
public sealed class PersonPrincipalFactory(IOptions<IdentityOptions> options) : IUserClaimsPrincipalFactory<DataPortUser>
{
    public Task<ClaimsPrincipal> CreateAsync(DataPortUser user)
    {
        List<Claim> claims =
        [
            new(DataPortClaims.Subject, user.Id.ToString()),
            new(DataPortClaims.Organisation, user.OrganisationId),
            new(DataPortClaims.Name, user.DisplayName),
            new(DataPortClaims.Email, user.Email ?? ""),
            new(options.Value.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp ?? ""),
            .. user.Roles.Select(role => new Claim(DataPortClaims.Role, role)),
        ];
        return Task.FromResult(new ClaimsPrincipal(new ClaimsIdentity(
            claims, DataPortAuthenticationSchemes.Cookie, DataPortClaims.Subject, DataPortClaims.Role)));
    }
}
