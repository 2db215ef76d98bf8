using System.Globalization;
using DataPort.Identity;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>An aggregate-only licence in the browser: the developer sees the privacy budget, spends some of it on a noisy count, and sees what is left.</summary>
[Collection(PortCollection.Name)]
public sealed class AggregatePagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_an_aggregate_only_grant_When_the_developer_runs_a_noisy_count_Then_the_budget_left_shrinks_by_the_epsilon_spent()
    {
        var (datasetId, licenceId, owner) = await CatalogLicences.FirstAsync(
            port, o => o.GetProperty("aggregateOnly").GetBoolean() && CatalogLicences.PriceKind(o) == "free", "free aggregate-only");
        var developer = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(developer, await People.NewAsync(port, People.NewOrganisation("browser-agg"), DataPortRoles.Developer));
        await developer.GotoAsync($"/datasets/{datasetId}");
        await developer.Locator("#licence").SelectOptionAsync(licenceId);
        await developer.GetByLabel("What you will use it for").FillAsync("Counting places by district for a planning study");
        await developer.Locator("#request ~ form input[name=fields]").First.CheckAsync();
        await developer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        var grantId = await developer.Locator("[data-grants=developer] tr[data-grant]").First.GetAttributeAsync("data-grant");
        var ownerPage = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(ownerPage, await People.NewAsync(port, owner, DataPortRoles.Merchant));
        await ownerPage.GotoAsync("/console/grants");
        await ownerPage.Locator($"[data-grants=owner] tr[data-grant='{grantId}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await developer.GotoAsync($"/console/aggregate?grant={grantId}");
        var before = Budget(await developer.Locator("[data-budget]").GetAttributeAsync("data-budget"));
        await developer.Locator("#group-0").CheckAsync();
        await developer.Locator("#epsilon").FillAsync("0.25");
        await developer.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();

        Assert.Contains("discrete-laplace", await developer.Locator("[data-groups]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(before - 0.25, Budget(await developer.Locator("[data-budget]").GetAttributeAsync("data-budget")), precision: 3);
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(developer));
        await Chromium.ScreenshotAsync(developer, "console-aggregate-noisy-en");
    }

    private static double Budget(string? text) => double.Parse(text!, CultureInfo.InvariantCulture);

}
