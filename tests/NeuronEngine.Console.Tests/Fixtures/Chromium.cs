using Microsoft.Playwright;

namespace NeuronEngine.Console.Tests.Fixtures;

/// <summary>
/// Debian's chromium (<c>apt-get install chromium</c>; <c>.ci/run</c> installs it) driven by Playwright's driver from the
/// package: no <c>playwright install</c>, which would download a browser build the registries here do not serve.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium (as .ci/run does)");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = 60_000,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
