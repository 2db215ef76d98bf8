using DataPort.Identity;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>
/// A developer requests access on a dataset's page and the dataset's owner decides on the grants page, each in their own
/// browser on the real server; the developer then sees the decision.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class GrantPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_a_developers_request_in_the_browser_When_the_owner_approves_fewer_fields_Then_the_developer_sees_an_active_grant_with_those_fields()
    {
        var (datasetId, ownerOrganisation) = await FreeDatasetAsync(port);
        var developer = await SignedInAsync(await People.NewAsync(port, People.NewOrganisation("browser-dev"), DataPortRoles.Developer), "en");
        await developer.GotoAsync($"/datasets/{datasetId}");
        await developer.GetByLabel("What you will use it for").FillAsync("Route planning research for a city transport study");
        var fields = developer.Locator("#request ~ form input[name=fields]");
        await fields.Nth(0).CheckAsync();
        await fields.Nth(1).CheckAsync();
        var firstField = await fields.Nth(0).GetAttributeAsync("value");
        var secondField = await fields.Nth(1).GetAttributeAsync("value");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(developer));
        await developer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        Assert.Contains("/console/grants", developer.Url, StringComparison.Ordinal);
        var row = developer.Locator("[data-grants=developer] tr[data-grant]").First;
        Assert.Equal("requested", await row.Locator("[data-status]").GetAttributeAsync("data-status"));
        var grantId = await row.GetAttributeAsync("data-grant");

        var owner = await SignedInAsync(await People.NewAsync(port, ownerOrganisation, DataPortRoles.Merchant), "zh-CN");
        await owner.GotoAsync("/console/grants");
        var request = owner.Locator($"[data-grants=owner] tr[data-grant='{grantId}']");
        await request.Locator($"input[name=fields][value='{secondField}']").UncheckAsync();
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(owner));
        await Chromium.ScreenshotAsync(owner, "grants-owner-zh");
        await request.GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        Assert.Equal("active", await owner.Locator($"[data-grants=owner] tr[data-grant='{grantId}'] [data-status]").GetAttributeAsync("data-status"));

        await developer.ReloadAsync();
        var granted = developer.Locator($"[data-grants=developer] tr[data-grant='{grantId}']");
        Assert.Equal("active", await granted.Locator("[data-status]").GetAttributeAsync("data-status"));
        var shownFields = await granted.Locator("td").Nth(2).InnerTextAsync();
        Assert.Contains(firstField!, shownFields, StringComparison.Ordinal);
        Assert.DoesNotContain(secondField!, shownFields, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(developer, "grants-developer-en");
    }

    [BrowserFact]
    public async Task Given_a_request_When_the_owner_approves_with_every_field_unchecked_Then_it_is_refused_and_stays_awaiting_a_decision()
    {
        var (datasetId, ownerOrganisation) = await FreeDatasetAsync(port);
        var developer = await SignedInAsync(await People.NewAsync(port, People.NewOrganisation("browser-dev"), DataPortRoles.Developer), "en");
        await developer.GotoAsync($"/datasets/{datasetId}");
        await developer.GetByLabel("What you will use it for").FillAsync("Checking that an empty approval is refused");
        await developer.Locator("#request ~ form input[name=fields]").First.CheckAsync();
        await developer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        var grantId = await developer.Locator("[data-grants=developer] tr[data-grant]").First.GetAttributeAsync("data-grant");

        var owner = await SignedInAsync(await People.NewAsync(port, ownerOrganisation, DataPortRoles.Merchant), "en");
        await owner.GotoAsync("/console/grants");
        var request = owner.Locator($"[data-grants=owner] tr[data-grant='{grantId}']");
        await request.Locator("input[name=fields]").First.UncheckAsync();
        await request.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        Assert.Contains("Not done", await owner.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("requested", await owner.Locator($"[data-grants=owner] tr[data-grant='{grantId}'] [data-status]").GetAttributeAsync("data-status"));
    }

    [BrowserFact]
    public async Task Given_a_request_without_a_purpose_or_fields_When_sent_Then_the_page_says_what_is_missing_and_nothing_is_requested()
    {
        var (datasetId, _) = await FreeDatasetAsync(port);
        var developer = await SignedInAsync(await People.NewAsync(port, People.NewOrganisation("browser-dev"), DataPortRoles.Developer), "en");
        await developer.GotoAsync($"/datasets/{datasetId}");
        await developer.GetByLabel("What you will use it for").FillAsync("   ");

        await developer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();

        Assert.Contains("Not done", await developer.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        await developer.GotoAsync("/console/grants");
        Assert.Equal(0, await developer.Locator("[data-grants=developer] tr[data-grant]").CountAsync());
    }

    private async Task<IPage> SignedInAsync(string email, string locale)
    {
        var page = await chromium.NewPageAsync(port.Address, locale);
        await People.SignInAsync(page, email);
        return page;
    }

    private static async Task<(string DatasetId, string OwnerOrganisation)> FreeDatasetAsync(PortWithCatalog port)
    {
        var (datasetId, _, owner) = await CatalogLicences.FirstAsync(port, o => CatalogLicences.PriceKind(o) == "free", "free");
        return (datasetId, owner);
    }
}
