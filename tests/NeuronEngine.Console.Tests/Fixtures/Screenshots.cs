using Microsoft.Playwright;
using NeuronEngine.Testing;

namespace NeuronEngine.Console.Tests.Fixtures;

/// <summary>
/// Writes the console's screenshots into <c>docs/console/</c> of the repository (documentation: the README shows them).
/// A test that takes one does so after asserting what the page shows, so a picture is never of a broken page.
/// </summary>
public static class Screenshots
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "docs", "console");

    /// <summary>The whole page as <c>docs/console/&lt;name&gt;.png</c>; returns the file's path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");

        // Caret and focus rings would make every run's picture differ.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
