using DataPort.Testing;
using Microsoft.Playwright;

namespace DataPort.Journeys.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, launched by its path: nothing is downloaded at run time. Pages are checked
/// with axe-core (from npm, <c>tests/browser</c>) and photographed into <c>.test-results/screenshots</c>.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(RepositoryRoot.Path, ".test-results", "screenshots");

    private static readonly Lazy<string> AxeScript = new(() =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "browser", "node_modules", "axe-core", "axe.min.js")));

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ExecutablePath}: sudo apt-get install chromium fonts-wqy-zenhei (scripts/test.sh does it as root).");
        }
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Chromium's sandbox needs user namespaces, which a root CI container does not give it.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh browser profile (no cookies) whose browser asks for <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = locale });
        return await context.NewPageAsync();
    }

    /// <summary>Runs axe-core on the page; returns its serious and critical violations as "rule: target" lines.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol: a <script> tag would be refused by the page's own CSP, as it should be.
        await page.EvaluateAsync(AxeScript.Value);
        var violations = await page.EvaluateAsync<string[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))
            """);
        return violations;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
