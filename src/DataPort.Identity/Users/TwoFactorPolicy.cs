using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Users;

/// <summary>
/// Whose accounts must have two-factor sign-in: <c>Identity:TwoFactorRequiredRoles</c> when set, otherwise operators
/// and regulators in Production (they can suspend, audit and administer everything) and nobody elsewhere, so that
/// development and demo accounts sign in with a password alone.
/// </summary>
public sealed class TwoFactorPolicy(IOptions<IdentityServiceOptions> options, IHostEnvironment environment)
{
    private readonly IReadOnlyList<string> requiredRoles = options.Value.TwoFactorRequiredRoles
        ?? (environment.IsProduction() ? [DataPortRoles.Operator, DataPortRoles.Regulator] : []);

    public bool IsRequiredFor(DataPortUser user) => user.Roles.Any(requiredRoles.Contains);
}
