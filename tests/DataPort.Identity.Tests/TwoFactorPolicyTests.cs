using DataPort.Identity.Users;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Tests;

/// <summary>Who must have a second factor: operators and regulators in Production unless configured otherwise.</summary>
public sealed class TwoFactorPolicyTests
{
    [Theory]
    [InlineData("Production", DataPortRoles.Operator, true)]
    [InlineData("Production", DataPortRoles.Regulator, true)]
    [InlineData("Production", DataPortRoles.Merchant, false)]
    [InlineData("Production", DataPortRoles.Developer, false)]
    [InlineData("Development", DataPortRoles.Operator, false)]
    [InlineData("Staging", DataPortRoles.Regulator, false)]
    public void Given_no_setting_When_a_role_signs_in_Then_the_environment_decides(string environment, string role, bool required) =>
        Assert.Equal(required, Policy(environment, configured: null).IsRequiredFor(new DataPortUser { Roles = [role] }));

    [Fact]
    public void Given_configured_roles_When_a_role_signs_in_Then_the_setting_decides_in_every_environment()
    {
        var policy = Policy("Development", configured: [DataPortRoles.Merchant]);

        Assert.True(policy.IsRequiredFor(new DataPortUser { Roles = [DataPortRoles.Developer, DataPortRoles.Merchant] }));
        Assert.False(policy.IsRequiredFor(new DataPortUser { Roles = [DataPortRoles.Operator] }));
    }

    private static TwoFactorPolicy Policy(string environment, string[]? configured) => new(
        Options.Create(new IdentityServiceOptions { TwoFactorRequiredRoles = configured }),
        new HostingEnvironment { EnvironmentName = environment });
}
