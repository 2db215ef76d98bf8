using DataPort.Identity;
using DataPort.Identity.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>People for the browser tests: accounts made as an operator makes them, and signing in through the form.</summary>
internal static class People
{
    public const string Password = "a long browser password";

    /// <summary>A new account (and its organisation, when new) through Identity's user manager on the running server.</summary>
    public static async Task<string> NewAsync(PortWithCatalog port, string organisation, string role)
    {
        await using var scope = port.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OrganisationStore>()
            .TryCreateAsync(new Organisation(organisation, organisation, DateTimeOffset.UtcNow), default);
        var user = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
            new NewUser(organisation, $"{Guid.NewGuid():N}@example.org", "Browser user", Password, [role]), default);
        return user.Email;
    }

    public static string NewOrganisation(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>From the home page's sign-in link, in whatever language the page is in.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/");
        await page.Locator("header .account a").ClickAsync();
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
    }
}
