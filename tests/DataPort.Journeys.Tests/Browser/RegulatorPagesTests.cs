using DataPort.Client;
using DataPort.Identity;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>The regulators' pages beyond the main journey: an organisation's apps suspended and resumed, and the yearly disclosure anyone reads.</summary>
[Collection(PortCollection.Name)]
public sealed class RegulatorPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_an_organisations_app_When_a_regulator_suspends_its_apps_on_the_ledger_page_Then_the_app_is_refused_until_resumed()
    {
        var organisation = People.NewOrganisation("browser-apps");
        using var app = await port.NewAppAsync(organisation, "catalog.read");
        var datasetId = (await app.Datasets.SearchDatasetsAsync(pageSize: 1)).Items.Single().DatasetId;
        var regulator = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(regulator, await People.NewAsync(port, "xm-regulator", DataPortRoles.Regulator));

        await regulator.GotoAsync($"/ledger/organisation-{organisation}");
        await regulator.Locator("#reason").FillAsync("Scraping beyond its grants");
        await regulator.GetByRole(AriaRole.Button, new() { Name = "Suspend all its apps" }).ClickAsync();
        var refused = await Assert.ThrowsAnyAsync<DataPortApiException>(() => app.Datasets.GetDatasetAsync(datasetId));
        Assert.Equal("true", await regulator.Locator("[data-suspended]").GetAttributeAsync("data-suspended"));
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(regulator));
        await Chromium.ScreenshotAsync(regulator, "ledger-organisation-suspended-en");

        await regulator.Locator("#reason").FillAsync("Stopped scraping");
        await regulator.GetByRole(AriaRole.Button, new() { Name = "Resume its apps" }).ClickAsync();

        Assert.Contains("suspended by the regulator (Scraping beyond its grants)", refused.Response, StringComparison.Ordinal);
        Assert.Equal(datasetId, (await app.Datasets.GetDatasetAsync(datasetId)).DatasetId);
        Assert.Equal(["organisation.apps-suspended", "organisation.apps-resumed"],
            await regulator.Locator("[data-timeline] li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.type)"));
    }

    [BrowserFact]
    public async Task Given_the_published_catalog_When_anyone_opens_the_disclosure_Then_every_product_is_listed_against_the_fee_cap_in_both_languages()
    {
        var page = await chromium.NewPageAsync(port.Address, "zh-CN");

        await page.GotoAsync("/disclosure");

        Assert.True(await page.Locator("[data-products] tbody tr").CountAsync() > 0);
        Assert.Equal("0", await page.Locator("[data-over-cap]").GetAttributeAsync("data-over-cap"));
        Assert.Equal(2, await page.Locator("svg.chart").CountAsync());
        foreach (var language in new[] { "zh", "en" })
        {
            Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
            await Chromium.ScreenshotAsync(page, $"disclosure-{language}");
            await page.Locator("nav.language a").ClickAsync();
        }
        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href$='/csv']").ClickAsync());
        Assert.StartsWith("dataset_id,title_zh", (await File.ReadAllTextAsync((await csv.PathAsync())!)).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Given_the_masking_policy_page_When_a_regulator_and_a_developer_open_it_Then_the_regulator_reads_it_and_the_developer_is_refused()
    {
        var regulator = await chromium.NewPageAsync(port.Address, "zh-CN");
        await People.SignInAsync(regulator, await People.NewAsync(port, "xm-regulator", DataPortRoles.Regulator));
        var developer = await chromium.NewPageAsync(port.Address, "zh-CN");
        await People.SignInAsync(developer, await People.NewAsync(port, People.NewOrganisation("browser-dev"), DataPortRoles.Developer));

        await regulator.GotoAsync("/console/policy");
        var refused = await developer.GotoAsync("/console/policy");

        Assert.True(await regulator.Locator("[data-entities] tbody tr").CountAsync() > 5);
        Assert.Matches("^[0-9a-f]{64}$", await regulator.Locator("[data-policy]").GetAttributeAsync("data-policy"));
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(regulator));
        await Chromium.ScreenshotAsync(regulator, "console-policy-zh");
        Assert.Equal(403, refused!.Status);
        Assert.Equal("403", await developer.Locator("[data-status-code]").GetAttributeAsync("data-status-code"));
    }
}
