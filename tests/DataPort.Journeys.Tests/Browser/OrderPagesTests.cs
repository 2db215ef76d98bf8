using DataPort.Identity;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>A developer buys a paid licence in the browser: the order, the payment, the delivered grant and the voucher anyone verifies.</summary>
[Collection(PortCollection.Name)]
public sealed class OrderPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_a_paid_licence_When_a_developer_orders_and_pays_on_the_pages_Then_the_grant_is_delivered_with_a_voucher_that_verifies()
    {
        var (datasetId, licenceId, _) = await CatalogLicences.FirstAsync(
            port, o => CatalogLicences.PriceKind(o) is "subscription" or "one-off" && !o.GetProperty("purposeLimited").GetBoolean(),
            "paid, unlimited-purpose");
        var developer = await chromium.NewPageAsync(port.Address, "en");
        await People.SignInAsync(developer, await People.NewAsync(port, People.NewOrganisation("browser-buyer"), DataPortRoles.Developer));
        await developer.GotoAsync($"/datasets/{datasetId}");
        await developer.Locator("#licence").SelectOptionAsync(licenceId);
        await developer.GetByLabel("What you will use it for").FillAsync("Air quality alerts for a school app");
        await developer.Locator("#request ~ form input[name=fields]").First.CheckAsync();
        await developer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();

        await developer.WaitForURLAsync("**/console/orders/*");
        Assert.Equal("awaitingpayment", await developer.Locator("dd[data-status]").GetAttributeAsync("data-status"));
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(developer));
        await Chromium.ScreenshotAsync(developer, "console-order-en");
        await developer.Locator("[data-pay]").ClickAsync();
        await developer.WaitForURLAsync("**paying=true");
        // The simulated provider confirms in the background, as a real one calls back: the buyer refreshes.
        await Poll.UntilAsync(async () =>
        {
            await developer.ReloadAsync();
            return await developer.Locator("dd[data-status]").GetAttributeAsync("data-status");
        }, status => status == "fulfilled", "the order delivered");
        await developer.Locator("[data-voucher]").ClickAsync();

        await developer.WaitForURLAsync("**/verify?number=*");
        Assert.Equal("true", await developer.Locator("[data-genuine]").GetAttributeAsync("data-genuine"));
    }

}
