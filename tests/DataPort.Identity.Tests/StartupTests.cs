using DataPort.Identity.Users;
using DataPort.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataPort.Identity.Tests;

/// <summary>Settings are validated at start-up, and the first operator account comes from configuration.</summary>
public sealed class StartupTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public void Given_production_without_issuer_or_key_encryption_key_When_the_server_starts_Then_it_fails_naming_both()
    {
        using var api = new ConfiguredApi(database.ConnectionString, "Production", new());

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("Identity:Issuer", error.Message);
        Assert.Contains("Identity:KeyEncryptionKey", error.Message);
    }

    [Fact]
    public void Given_an_unknown_role_required_to_use_two_factor_When_the_server_starts_Then_it_fails_naming_the_setting_and_the_roles()
    {
        using var api = new ConfiguredApi(database.ConnectionString, "Testing", new()
        {
            ["Identity:TwoFactorRequiredRoles:0"] = "operator",
            ["Identity:TwoFactorRequiredRoles:1"] = "auditor",
        });

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("Identity:TwoFactorRequiredRoles names 'auditor'", error.Message);
        Assert.Contains("regulator", error.Message);
    }

    [Fact]
    public void Given_a_bootstrap_operator_with_a_short_password_When_the_server_starts_Then_it_fails_naming_the_setting()
    {
        using var api = new ConfiguredApi(database.ConnectionString, "Testing", new()
        {
            ["Identity:BootstrapOperator:Email"] = "ops@example.org",
            ["Identity:BootstrapOperator:Password"] = "short",
        });

        var error = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains("Identity:BootstrapOperator:Password", error.Message);
    }

    [Fact]
    public async Task Given_a_bootstrap_operator_in_configuration_When_the_server_starts_Then_the_operator_can_sign_in()
    {
        using var api = new ConfiguredApi(database.ConnectionString, "Testing", new()
        {
            ["Identity:BootstrapOperator:Email"] = "first.operator@example.org",
            ["Identity:BootstrapOperator:Password"] = "a long bootstrap password",
        });
        api.CreateClient().Dispose();

        await using var scope = api.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<PersonSignInManager>();
        var user = await signIn.UserManager.FindByEmailAsync("first.operator@example.org");
        var result = await signIn.CheckPasswordSignInAsync(user!, "a long bootstrap password", lockoutOnFailure: true);

        Assert.True(result.Succeeded);
        Assert.Equal([DataPortRoles.Operator], user!.Roles);
    }

    private sealed class ConfiguredApi(string connectionString, string environment, Dictionary<string, string?> settings)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:DataPort", connectionString);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
