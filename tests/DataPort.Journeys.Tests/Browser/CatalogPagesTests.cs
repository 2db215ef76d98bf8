using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>
/// The public catalog and dataset pages in Chromium, on the real server over the shipped catalog: search, facets with
/// counts, paging, the language switch that persists, accessibility (axe-core) and keyboard use.
/// </summary>
[Collection(PortCollection.Name)]
public sealed class CatalogPagesTests(PortWithCatalog port, Chromium chromium) : IClassFixture<Chromium>
{
    [BrowserFact]
    public async Task Given_the_catalog_When_a_visitor_opens_it_Then_it_lists_every_published_dataset_in_Chinese_with_facet_counts()
    {
        var page = await chromium.NewPageAsync(port.Address);

        await page.GotoAsync("/");

        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("公共数据目录", await page.Locator("h1").InnerTextAsync());
        var published = await PublishedCountAsync();
        Assert.Equal(published.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await page.Locator("[data-result-count]").GetAttributeAsync("data-result-count"));
        Assert.Equal(10, await page.Locator(".dataset-card").CountAsync());
        var themeCounts = await page.Locator("[data-facet=theme] .count").AllInnerTextsAsync();
        Assert.Equal(published, themeCounts.Sum(count => int.Parse(count.Trim('(', ')'), System.Globalization.CultureInfo.InvariantCulture)));
        await Chromium.ScreenshotAsync(page, "catalog-zh");
    }

    [BrowserFact]
    public async Task Given_a_theme_and_words_When_a_visitor_filters_Then_the_results_are_those_of_the_theme_and_the_count_says_so()
    {
        var page = await chromium.NewPageAsync(port.Address);
        await page.GotoAsync("/");
        var transport = page.Locator("[data-facet=theme] a", new() { HasText = "交通出行" });
        var expected = int.Parse((await transport.Locator(".count").InnerTextAsync()).Trim('(', ')'), System.Globalization.CultureInfo.InvariantCulture);

        await transport.ClickAsync();

        Assert.Contains("theme=transport", page.Url, StringComparison.Ordinal);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await page.Locator("[data-result-count]").GetAttributeAsync("data-result-count"));
        Assert.Equal(expected, await page.Locator(".dataset-card").CountAsync());

        await page.GetByLabel("搜索数据集").FillAsync("zzz-no-such-words");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();

        Assert.Equal("0", await page.Locator("[data-result-count]").GetAttributeAsync("data-result-count"));
        Assert.Contains("theme=transport", page.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Given_more_than_a_page_of_datasets_When_a_visitor_pages_Then_every_dataset_is_shown_exactly_once()
    {
        var page = await chromium.NewPageAsync(port.Address);
        await page.GotoAsync("/");
        var seen = new List<string>();

        while (true)
        {
            seen.AddRange(await page.Locator(".dataset-card h3 a").AllInnerTextsAsync());
            var next = page.Locator("a[rel=next]");
            if (await next.CountAsync() == 0)
            {
                break;
            }
            await next.ClickAsync();
        }

        Assert.Equal(await PublishedCountAsync(), seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [BrowserFact]
    public async Task Given_the_English_switch_When_a_visitor_presses_it_Then_every_later_page_is_in_English()
    {
        var page = await chromium.NewPageAsync(port.Address);
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        Assert.Equal("Public data catalog", await page.Locator("h1").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "catalog-en");
        await page.Locator(".dataset-card h3 a").First.ClickAsync();

        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Schema", await page.Locator("#schema").InnerTextAsync());
        Assert.True(await page.Locator("#schema + table tbody tr").CountAsync() > 0);
        await Chromium.ScreenshotAsync(page, "dataset-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        Assert.Equal("数据结构", await page.Locator("#schema").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "dataset-zh");
    }

    [BrowserFact]
    public async Task Given_a_dataset_page_When_a_visitor_reads_it_Then_it_shows_columns_with_grades_releases_with_lineage_and_licences()
    {
        var dataset = await FirstPublishedAsync();
        var page = await chromium.NewPageAsync(port.Address);

        var response = await page.GotoAsync($"/datasets/{dataset.GetProperty("datasetId").GetString()}");

        Assert.Equal(200, response!.Status);
        Assert.Equal(dataset.GetProperty("title").GetProperty("zh").GetString(), await page.Locator("h1").InnerTextAsync());
        Assert.Contains("级", await page.Locator("#schema + table tbody tr").Last.Locator("td").Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("→", await page.Locator("#versions + table tbody tr td").Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#licences + table tbody tr").CountAsync() > 0);
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "登录后申请使用" }).CountAsync());
    }

    [BrowserFact]
    public async Task Given_an_unknown_dataset_When_a_visitor_opens_it_Then_the_answer_is_404()
    {
        var page = await chromium.NewPageAsync(port.Address);

        var response = await page.GotoAsync("/datasets/no-such-dataset");

        Assert.Equal(404, response!.Status);
    }

    [BrowserFact]
    public async Task Given_a_certificate_number_When_anyone_checks_it_on_the_verify_page_Then_it_is_genuine_and_an_unknown_number_is_not_found()
    {
        var number = await CertificateNumberAsync();
        var page = await chromium.NewPageAsync(port.Address, "en");
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Verify a certificate" }).ClickAsync();
        await page.GetByLabel("Number").FillAsync(number.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        Assert.Equal("true", await page.Locator("[data-genuine]").GetAttributeAsync("data-genuine"));
        Assert.Contains(number, await page.Locator("dl.facts").InnerTextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "verify-en");
        var unknown = await page.GotoAsync("/verify?number=XMDA-2026-999999");
        Assert.Equal(404, unknown!.Status);
        Assert.Equal(1, await page.GetByRole(AriaRole.Alert).CountAsync());
    }

    [BrowserFact]
    public async Task Given_each_page_in_each_language_When_axe_checks_it_Then_there_is_no_serious_or_critical_violation()
    {
        var dataset = (await FirstPublishedAsync()).GetProperty("datasetId").GetString();
        foreach (var locale in new[] { "zh-CN", "en" })
        {
            var page = await chromium.NewPageAsync(port.Address, locale);
            foreach (var path in new[] { "/", "/?theme=transport", $"/datasets/{dataset}", "/account/signin", $"/verify?number={await CertificateNumberAsync()}" })
            {
                await page.GotoAsync(path);
                Assert.Empty((await Chromium.SeriousAccessibilityViolationsAsync(page)).Select(v => $"{path} ({locale}) {v}"));
            }
        }
    }

    [BrowserFact]
    public async Task Given_a_keyboard_only_visitor_When_they_tab_into_the_page_Then_the_skip_link_comes_first_and_takes_them_to_the_content()
    {
        var page = await chromium.NewPageAsync(port.Address);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("跳到正文", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");

        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [BrowserFact]
    public async Task Given_the_catalog_page_When_it_is_served_Then_scripts_come_only_from_the_site_and_Chinese_is_sent_as_characters()
    {
        using var http = new HttpClient { BaseAddress = port.Address };

        using var response = await http.GetAsync("/");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("<h1>公共数据目录</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<int> PublishedCountAsync()
    {
        using var http = port.As(PortWithCatalog.Operator);
        var page = await http.GetFromJsonAsync<JsonElement>("/api/datasets?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Count(d => d.GetProperty("available").GetBoolean());
    }

    private async Task<string> CertificateNumberAsync()
    {
        var assetId = (await FirstPublishedAsync()).GetProperty("assetId").GetString();
        using var http = port.As(PortWithCatalog.Operator);
        var asset = await http.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}");
        return asset.GetProperty("certificate").GetProperty("number").GetString()!;
    }

    private async Task<JsonElement> FirstPublishedAsync()
    {
        using var http = port.As(PortWithCatalog.Operator);
        var page = await http.GetFromJsonAsync<JsonElement>("/api/datasets?pageSize=200");
        return page.GetProperty("items").EnumerateArray().First(d => d.GetProperty("available").GetBoolean() && d.GetProperty("versionCount").GetInt32() > 0);
    }
}

/// <summary>A browser test: run with the journeys on one server, skipped on the two-silo rerun (the pages do not change with it).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (PortWithCatalog.Silos > 1)
        {
            Skip = "Browser tests run once, with the one-silo journeys.";
        }
    }
}
