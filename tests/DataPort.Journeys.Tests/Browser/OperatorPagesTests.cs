using DataPort.Identity;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>The operators' console: an organisation and a person made in the browser, who then signs in; the fee cap set with a reason.</summary>
[Collection(PortCollection.Name)]
public sealed class OperatorPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_an_operator_When_they_make_an_organisation_and_a_developer_in_the_browser_Then_that_developer_signs_in()
    {
        var organisation = People.NewOrganisation("ops");
        var email = $"{Guid.NewGuid():N}@example.org";
        var operatorPage = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(operatorPage, await People.NewAsync(port, "xm-operator", DataPortRoles.Operator));

        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "Organisations and people" }).ClickAsync();
        await operatorPage.Locator("#org-id").FillAsync(organisation);
        await operatorPage.Locator("#org-name").FillAsync("Ops test organisation");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await operatorPage.Locator("#person-email").FillAsync(email);
        await operatorPage.Locator("#person-name").FillAsync("Dev Person");
        await operatorPage.Locator("#person-password").FillAsync(People.Password);
        await operatorPage.Locator("#role-developer").CheckAsync();
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(operatorPage));
        await Chromium.ScreenshotAsync(operatorPage, "console-organisations-en");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();

        Assert.Equal(1, await operatorPage.Locator($"[data-people] tr[data-person='{email}']").CountAsync());
        var developer = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(developer, email);
        Assert.Contains(email, await developer.Locator("header .account").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await developer.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "Sandbox", Exact = true }).CountAsync());
    }

    [BrowserFact]
    public async Task Given_an_operator_When_they_set_the_fee_cap_without_a_reason_or_with_one_Then_only_the_second_is_recorded()
    {
        var operatorPage = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(operatorPage, await People.NewAsync(port, "xm-operator", DataPortRoles.Operator));
        await operatorPage.GotoAsync("/console/organisations");
        var current = (await operatorPage.Locator("#fee-cap + p").InnerTextAsync()).Split('¥')[1].Split(' ')[0];

        await operatorPage.Locator("#cap").FillAsync(current);
        await operatorPage.Locator("#cap-reason").FillAsync(" ");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Set the cap" }).ClickAsync();
        Assert.Contains("Not done", await operatorPage.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);

        await operatorPage.Locator("#cap").FillAsync(current);
        await operatorPage.Locator("#cap-reason").FillAsync("Confirmed for the new year");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "Set the cap" }).ClickAsync();
        Assert.Contains("recorded in the audit ledger", await operatorPage.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Given_an_operator_signed_in_with_a_password_When_they_follow_the_jobs_link_Then_hangfires_dashboard_opens_and_a_developer_is_refused()
    {
        var operatorPage = await chromium.NewPageAsync(port.Address, "zh-CN");
        await People.SignInAsync(operatorPage, await People.NewAsync(port, "xm-operator", DataPortRoles.Operator));

        await operatorPage.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "后台任务" }).ClickAsync();
        await operatorPage.WaitForURLAsync("**/console/jobs");
        await operatorPage.GotoAsync("/console/jobs/recurring");

        Assert.Contains("grant-expiry-sweep", await operatorPage.ContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(operatorPage, "console-jobs-zh");
        var developer = await chromium.NewPageAsync(port.Address, "zh-CN");
        await People.SignInAsync(developer, await People.NewAsync(port, "xm-transport", DataPortRoles.Developer));
        var refused = await developer.GotoAsync("/console/jobs");
        Assert.Equal(403, refused!.Status);
        Assert.Equal(0, await developer.Locator("header nav").GetByRole(AriaRole.Link, new() { Name = "后台任务" }).CountAsync());
    }
}
