using DataPort.Identity;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>
/// The port's whole journey in the browser alone, each person in their own browser on the real server: a department's
/// merchant registers a data asset, an operator registers it, the merchant describes a dataset with a free licence,
/// uploads a CSV, follows the pipeline, marks the coordinates as places and publishes; a developer requests
/// access, is approved, queries masked rows in the sandbox page and downloads them; a regulator finds the events in the
/// ledger, verifies one against its signed checkpoint and suspends the dataset; the developer is then refused. Every page
/// on the way is checked with axe-core and photographed in both languages.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class PortJourneyPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    private const string FreeLicence = "free-sandbox";
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(2);

    [BrowserFact]
    public async Task Given_a_departments_file_When_merchant_developer_and_regulator_each_work_in_the_browser_Then_the_data_flows_and_a_suspension_stops_it()
    {
        var department = People.NewOrganisation("browser-dept");
        var merchantEmail = await People.NewAsync(port, department, DataPortRoles.Merchant);
        var merchant = await SignedInAsync(merchantEmail, "zh-CN");
        await merchant.GotoAsync("/console/assets");
        await merchant.Locator("#title-zh").FillAsync("公交刷卡记录");
        await merchant.Locator("#title-en").FillAsync("Bus card taps");
        await merchant.Locator("#department").FillAsync("市交通局");
        await merchant.Locator("#categories").FillAsync("交通、出行");
        await merchant.Locator("#legal").FillAsync("《厦门经济特区数据条例》");
        await merchant.Locator("#schema").FillAsync(string.Join('\n', BusTaps.Columns.Select(c => $"{c.Name}, {c.Type}, {c.En}")));
        await merchant.Locator("form[action='/console/assets'] button[type=submit]").ClickAsync();
        var assetId = await merchant.Locator("[data-assets] tr[data-asset]").First.GetAttributeAsync("data-asset");
        Assert.Equal("submitted", await merchant.Locator($"tr[data-asset='{assetId}'] [data-status]").GetAttributeAsync("data-status"));
        await CheckedAsync(merchant, "console-assets");

        var operatorPage = await SignedInAsync(await People.NewAsync(port, "xm-operator", DataPortRoles.Operator), "zh-CN");
        await operatorPage.GotoAsync("/console/review");
        await ReloadUntilShownAsync(operatorPage, $"article[data-asset='{assetId}']");
        await operatorPage.Locator($"article[data-asset='{assetId}'] form[action$='handler=start'] button").ClickAsync();
        await CheckedAsync(operatorPage, "console-review");
        await operatorPage.Locator($"article[data-asset='{assetId}'] form[action$='handler=register'] button").ClickAsync();
        Assert.Equal(0, await operatorPage.Locator($"article[data-asset='{assetId}']").CountAsync());
        Assert.Contains("XMDA-", await operatorPage.Locator($"[data-decided='{assetId}']").InnerTextAsync(), StringComparison.Ordinal);

        await merchant.GotoAsync("/console/datasets");
        await ReloadUntilShownAsync(merchant, $"#asset option[value='{assetId}']");
        await merchant.Locator("#asset").SelectOptionAsync(assetId!);
        await merchant.Locator("#ds-title-zh").FillAsync("公交刷卡记录");
        await merchant.Locator("#ds-title-en").FillAsync("Bus card taps");
        await merchant.Locator("#ds-description-zh").FillAsync("公交刷卡明细");
        await merchant.Locator("#ds-description-en").FillAsync("Bus card taps by stop");
        await merchant.Locator("#ds-theme").SelectOptionAsync("transport");
        await merchant.Locator("#ds-owner").FillAsync("市交通局");
        await merchant.Locator("form[action$='handler=create'] button[type=submit]").ClickAsync();
        await merchant.WaitForURLAsync("**/console/datasets/*");
        var datasetId = merchant.Url.Split('/')[^1];
        await merchant.Locator("#licence-id").FillAsync(FreeLicence);
        await merchant.Locator("#licence-name").FillAsync("免费沙箱");
        await merchant.Locator("#licence-term").FillAsync("30");
        await merchant.Locator("form[action$='handler=licence'] button[type=submit]").ClickAsync();
        Assert.Equal(1, await merchant.Locator($"[data-licences] tr[data-licence='{FreeLicence}']").CountAsync());
        var csv = BusTaps.Csv(rows: 2000);
        var csvText = System.Text.Encoding.UTF8.GetString(csv);
        var rawNames = csvText.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0]).ToHashSet();

        await merchant.GotoAsync("/console/datasets");
        await ReloadUntilShownAsync(merchant, $"tr[data-dataset='{datasetId}'] a");
        await CheckedAsync(merchant, "console-datasets");
        await merchant.Locator($"tr[data-dataset='{datasetId}'] a").ClickAsync();
        await CheckedAsync(merchant, "console-dataset");
        await merchant.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "taps.csv", MimeType = "text/csv", Buffer = csv });
        await merchant.Locator("form[enctype] button[type=submit]").ClickAsync();
        await DraftReadyAsync(merchant);
        Assert.Equal("2000", (await merchant.Locator("[data-draft] dd").First.InnerTextAsync()).Replace(",", "", StringComparison.Ordinal));
        // The release search's outcome: the level of each quasi-identifier (which the merchant may fix) and the loss.
        Assert.Equal(1, await merchant.Locator("tr[data-column='经度'] select[name$='.Level']").CountAsync());
        Assert.Equal(1, await merchant.Locator("[data-loss]").CountAsync());
        await CheckedAsync(merchant, "console-upload-draft");

        await merchant.Locator("tr[data-column='经度'] select[name$='.Subject']").SelectOptionAsync("Place");
        await merchant.Locator("tr[data-column='纬度'] select[name$='.Subject']").SelectOptionAsync("Place");
        await merchant.Locator("form[action$='handler=columns'] button[type=submit]").ClickAsync();
        await DraftReadyAsync(merchant);
        Assert.Equal("Place", await merchant.Locator("tr[data-column='经度'] select[name$='.Subject']").InputValueAsync());
        await merchant.Locator("[data-publish]").ClickAsync();
        await merchant.Locator("dd[data-status=published]").WaitForAsync();

        var developer = await SignedInAsync(await People.NewAsync(port, People.NewOrganisation("browser-dev"), DataPortRoles.Developer), "en");
        await developer.GotoAsync($"/datasets/{datasetId}");
        // The public page shows the release's first rows, never a column about people.
        var sample = developer.Locator("[data-sample] tbody tr");
        Assert.Equal(5, await sample.CountAsync());
        Assert.Equal("•••", await sample.First.Locator("td").Nth(0).InnerTextAsync());
        Assert.Contains(await sample.First.Locator("td").Nth(2).InnerTextAsync(), csvText, StringComparison.Ordinal);
        Assert.Contains("2,000 rows read", await developer.Locator("[data-report]").InnerTextAsync(), StringComparison.Ordinal);
        await CheckedAsync(developer, "dataset-published");
        await developer.Locator("#licence").SelectOptionAsync(FreeLicence);
        await developer.GetByLabel("What you will use it for").FillAsync("Bus demand by stop for a transport study");
        await developer.Locator("input[name=fields][value='乘客姓名']").CheckAsync();
        await developer.Locator("input[name=fields][value='上车站点']").CheckAsync();
        await developer.GetByRole(AriaRole.Button, new() { Name = "Send request" }).ClickAsync();
        var grantId = await developer.Locator("[data-grants=developer] tr[data-grant]").First.GetAttributeAsync("data-grant");

        await merchant.GotoAsync("/console/grants");
        var request = merchant.Locator($"[data-grants=owner] tr[data-grant='{grantId}']");
        await request.Locator("details summary").ClickAsync();
        await request.Locator("input[name=maxRows]").FillAsync("1000");
        await request.GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        Assert.Equal("active", await merchant.Locator($"[data-grants=owner] tr[data-grant='{grantId}'] [data-status]").GetAttributeAsync("data-status"));

        await developer.GotoAsync("/console/sandbox");
        Assert.Equal(grantId, await developer.Locator("#grant").InputValueAsync());
        Assert.Contains("Bus card taps", await developer.Locator("#grant option:checked").InnerTextAsync(), StringComparison.Ordinal);
        await developer.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        Assert.Equal("20", await developer.Locator("[data-row-count]").GetAttributeAsync("data-row-count"));
        var headers = await developer.Locator("[data-sandbox-result] thead th").AllInnerTextsAsync();
        Assert.Contains(headers, h => h.StartsWith("乘客姓名", StringComparison.Ordinal));
        var names = await developer.Locator("[data-sandbox-result] tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(20, names.Count);
        Assert.DoesNotContain(names, rawNames.Contains);
        await CheckedAsync(developer, "console-sandbox-result");

        Assert.Contains("1,000", await developer.Locator("[data-quota]").InnerTextAsync(), StringComparison.Ordinal);
        var download = await developer.RunAndWaitForDownloadAsync(() => developer.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToList();
        Assert.Equal(21, lines.Count);
        Assert.Equal(names, lines.Skip(1).Select(l => l.Split(',')[0]));

        await developer.GotoAsync("/console/aggregate");
        await developer.Locator("#group-1").CheckAsync();
        await developer.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        Assert.Equal("8", await developer.Locator("[data-groups]").GetAttributeAsync("data-groups"));
        await CheckedAsync(developer, "console-aggregate-exact");
        await developer.GotoAsync("/console/usage");
        await CheckedAsync(developer, "console-usage");
        await merchant.GotoAsync("/console/revenue");
        Assert.Equal(1, await merchant.Locator("svg.chart").CountAsync());
        await CheckedAsync(merchant, "console-revenue");

        var regulator = await SignedInAsync(await People.NewAsync(port, "xm-regulator", DataPortRoles.Regulator), "zh-CN");
        await regulator.GotoAsync($"/ledger?subject=dataset-{Uri.EscapeDataString(datasetId)}");
        var types = await regulator.Locator("[data-ledger-entries] tr[data-type]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.type)");
        Assert.Contains("dataset.version-added", types);
        Assert.Equal(1, await regulator.Locator("svg.chart").CountAsync());
        Assert.Contains(merchantEmail, await regulator.Locator("[data-ledger-entries] tr[data-type='dataset.created']").InnerTextAsync(), StringComparison.Ordinal);
        await CheckedAsync(regulator, "ledger-entries");
        await regulator.Locator("[data-ledger-entries] tr[data-entry] a").First.ClickAsync();
        await regulator.WaitForURLAsync("**/ledger/entries/*");
        // Sealing runs every few seconds: the proof appears once the entry is in a signed checkpoint.
        await Poll.UntilAsync(async () =>
        {
            await regulator.ReloadAsync();
            return await regulator.Locator("form[action$='handler=verify']").CountAsync();
        }, count => count == 1, "the entry sealed into a checkpoint");
        await regulator.Locator("form[action$='handler=verify'] button").ClickAsync();
        Assert.Equal("true", await regulator.Locator("[data-verified]").GetAttributeAsync("data-verified"));
        await CheckedAsync(regulator, "ledger-entry-verified");

        await regulator.GotoAsync($"/ledger/dataset-{Uri.EscapeDataString(datasetId)}");
        await CheckedAsync(regulator, "ledger-timeline");
        await regulator.Locator("#reason").FillAsync("抽查：脱敏规则复核");
        await regulator.Locator("form[action$='handler=suspend'] button").ClickAsync();
        Assert.Equal("true", await regulator.Locator("[data-suspended]").GetAttributeAsync("data-suspended"));
        Assert.Equal("dataset.suspended", await regulator.Locator("[data-timeline] li").Last.GetAttributeAsync("data-type"));

        await developer.GotoAsync("/console/sandbox");
        await developer.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
        Assert.Equal(0, await developer.Locator("[data-sandbox-result]").CountAsync());
        Assert.NotEmpty(await developer.GetByRole(AriaRole.Alert).InnerTextAsync());
        await CheckedAsync(developer, "console-sandbox-refused");
    }

    /// <summary>The upload page follows the pipeline by itself (its script reloads the page when the draft is ready).</summary>
    private static async Task DraftReadyAsync(IPage merchant)
    {
        await merchant.WaitForLoadStateAsync();
        await merchant.Locator("dd[data-status=ready]").WaitForAsync(new() { Timeout = (float)PipelineTimeout.TotalMilliseconds });
    }

    /// <summary>Lists are read models a moment behind the commands: a person reloads until the new item is there.</summary>
    private static Task<int> ReloadUntilShownAsync(IPage page, string selector) => Poll.UntilAsync(async () =>
    {
        if (await page.Locator(selector).CountAsync() == 0)
        {
            await page.ReloadAsync();
        }
        return await page.Locator(selector).CountAsync();
    }, count => count > 0, selector);

    /// <summary>No serious accessibility violation in either language; a screenshot of each.</summary>
    private static async Task CheckedAsync(IPage page, string name)
    {
        foreach (var _ in new[] { 1, 2 })
        {
            Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
            var language = await page.EvaluateAsync<string>("document.documentElement.lang");
            await Chromium.ScreenshotAsync(page, $"{name}-{(language == "en" ? "en" : "zh")}");
            await page.Locator("nav.language a").ClickAsync();
        }
    }

    private async Task<IPage> SignedInAsync(string email, string locale)
    {
        var page = await chromium.NewPageAsync(port.Address, locale);
        await People.SignInAsync(page, email);
        return page;
    }
}
