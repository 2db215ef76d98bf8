using DataPort.Identity;
using DataPort.Testing;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>
/// A person signs in, sets up two-factor sign-in with an authenticator and signs in again with its code, all in
/// Chromium on the real server (the sign-in cookies are the production ones: __Host-, Secure, HttpOnly, SameSite=Strict).
/// </summary>
[Collection(PortCollection.Name)]
public sealed class SignInPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_a_merchant_When_they_set_up_an_authenticator_in_the_browser_Then_their_next_sign_in_asks_for_its_code()
    {
        var email = await People.NewAsync(port, People.NewOrganisation("browser"), DataPortRoles.Merchant);
        var page = await chromium.NewPageAsync(port.Address);
        await People.SignInAsync(page, email);
        Assert.Contains(email, await page.Locator("header .account").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "两步验证" }).ClickAsync();
        Assert.Equal(1, await page.GetByRole(AriaRole.Img, new() { Name = "用身份验证器应用扫描此二维码" }).CountAsync());
        var key = (await page.Locator("[data-authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "two-factor-set-up-zh");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        await page.GetByLabel("验证码").FillAsync(Totp.Now(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        Assert.Equal(10, await page.Locator("[data-recovery-codes] li").CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

        await People.SignInAsync(page, email);
        Assert.Contains("/account/signin/code", page.Url, StringComparison.Ordinal);
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        await page.GetByLabel("验证码").FillAsync(Totp.Now(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证" }).ClickAsync();

        Assert.Contains(email, await page.Locator("header .account").InnerTextAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Given_a_developer_in_the_browser_When_they_make_an_app_Then_the_SDK_signs_in_with_its_secret_until_they_disable_it()
    {
        var email = await People.NewAsync(port, People.NewOrganisation("browser"), DataPortRoles.Developer);
        var page = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(page, email);

        await page.GetByRole(AriaRole.Link, new() { Name = "My apps" }).ClickAsync();
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        await page.GetByLabel("App name").FillAsync("Bus timetable app");
        await page.GetByLabel("catalog.read", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var clientId = await page.Locator("[data-client-id]").InnerTextAsync();
        var secret = await page.Locator("[data-secret]").InnerTextAsync();
        await Chromium.ScreenshotAsync(page, "apps-new-secret-en");

        using (var app = DataPort.Client.DataPortConnection.Create(port.Address, clientId, secret))
        {
            Assert.NotEmpty((await app.Datasets.SearchDatasetsAsync()).Items);
        }
        await page.GotoAsync("/console/apps");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.Locator($"tr[data-app='{clientId}']").GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();

        Assert.Equal("Disabled", await page.Locator($"tr[data-app='{clientId}'] [data-status]").InnerTextAsync());
        using var disabled = DataPort.Client.DataPortConnection.Create(port.Address, clientId, secret);
        await Assert.ThrowsAnyAsync<Exception>(() => disabled.Datasets.SearchDatasetsAsync());
    }

    [BrowserFact]
    public async Task Given_a_wrong_password_When_signing_in_in_English_Then_the_page_says_so_and_nobody_is_signed_in()
    {
        var email = await People.NewAsync(port, People.NewOrganisation("browser"), DataPortRoles.Developer);
        var page = await chromium.NewPageAsync(port.Address, "en");
        await page.GotoAsync("/account/signin");

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        Assert.Contains("Sign-in failed", await page.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("header .account a", new() { HasText = "Sign in" }).CountAsync());
        await Chromium.ScreenshotAsync(page, "sign-in-failed-en");
    }
}
