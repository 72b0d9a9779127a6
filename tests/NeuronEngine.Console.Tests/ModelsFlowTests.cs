using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Client;
using NeuronEngine.Console.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>
/// The console's whole path from events to production, against a second engine process with its real trainer sidecar
/// (TorchSharp): an event type, events through the SDK, a template created and published, a small training run whose
/// curve gains a point per epoch, Approve, Promote with the banner going Updating → InService without a reload, a second
/// version, Roll back; then a <c>serve</c>-only key sees no Promote button and its forged Promote POST changes nothing.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelsFlowTests(ConsoleEngine console)
{
    private const string Tenant = "shop";
    private const int Clusters = 6;

    [Fact]
    public async Task TrackTrainApprovePromoteRollBack_InTheBrowser_AndAServeKeyCannotPromote()
    {
        using var data = new TempDirectory("console-models");
        var port = ConsoleEngine.FreePort();
        await using var engine = await StartWithTrainerAsync(data.Path, port);
        var operatorKey = (await File.ReadAllTextAsync(data.Combine("operator.key"))).Trim();
        using var client = new NeuronClient(new NeuronClientOptions { Endpoint = engine.Address, ApiKey = operatorKey, Tenant = Tenant });
        var lead = await client.Keys.CreateAsync("ml-lead", ["admin", "train", "models"], Tenant);

        await using var context = await NewContextAsync(port);
        var page = await ConsoleEngine.SignInAsync(context, lead.Secret);

        // Nothing deployed: no banner, and the Models page says what to do.
        await page.GotoAsync("/console/models");
        await Expect(page.GetByText("Nothing in production yet")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Production", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByText("No models yet")).ToBeVisibleAsync();
        await page.GotoAsync("/console/runs");
        await Expect(page.GetByText("No training runs yet")).ToBeVisibleAsync();

        // An event type in the console, the other through the SDK; events through the SDK.
        await page.GotoAsync("/console/events");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("click");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Click");
        await page.GetByLabel("Weight").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add event type" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "click", Exact = true })).ToBeVisibleAsync();
        await client.EventTypes.CreateAsync("purchase", "Purchase", 40);
        await TrackAsync(client, users: 240, items: 96, perUser: 24);

        // A template, created and published in the console; then a small run of the epoch-trained recipe.
        await page.GotoAsync("/console/events");
        await page.GetByRole(AriaRole.Link, new() { Name = "New template" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Home feed");
        await page.GetByLabel("Template id").FillAsync("home-feed");
        await page.GetByLabel("Minimum total events").FillAsync("1000");
        await page.GetByLabel("Use click").CheckAsync();
        await page.GetByLabel("Threshold of click").FillAsync("100");
        await page.GetByLabel("Use purchase").CheckAsync();
        await page.GetByLabel("Threshold of purchase").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home feed" })).ToContainTextAsync("Published");
        await Expect(page.Locator("[data-signal-state].state-ok")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(page, "template");
        await page.GetByLabel("Epochs").FillAsync("6");
        await page.GetByLabel("Recipe").SelectOptionAsync("pooled-history");
        await page.GetByRole(AriaRole.Button, new() { Name = "Train" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/runs/[0-9a-f]{32}$"));
        var runId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        // The loss curve gains points while the run trains: every point count the chart shows is recorded as the script
        // redraws it (kept in sessionStorage, as the page reloads once when the run ends).
        var loss = page.Locator("figure[data-chart=loss] svg");
        var status = page.GetByRole(AriaRole.Heading, new() { Name = "Training run" }).Locator("[data-run-status]");
        await page.EvaluateAsync("""
            () => {
              const svg = document.querySelector("figure[data-chart=loss] svg");
              const record = () => {
                const seen = JSON.parse(sessionStorage.getItem("points") || "[]");
                seen.push(Number(svg.getAttribute("data-points") || "0"));
                sessionStorage.setItem("points", JSON.stringify(seen));
              };
              record();
              new MutationObserver(record).observe(svg, { attributes: true, attributeFilter: ["data-points"] });
            }
            """);
        await Expect(status).ToHaveTextAsync(new Regex("^(Succeeded|Early stopped)$"), new() { Timeout = 180_000 });
        var counts = (await page.EvaluateAsync<int[]>("() => JSON.parse(sessionStorage.getItem('points'))")).Where(c => c > 0).Distinct().ToList();
        var epochs = (await client.Training.GetRunAsync(runId)).Epochs.Count;
        Assert.True(counts.Count >= 2 && counts.SequenceEqual(counts.Order()) && counts[^1] == epochs, $"the curve showed {string.Join(", ", counts)} points of {epochs}");
        await Expect(loss).ToHaveAttributeAsync("data-points", epochs.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("figure[data-chart='ndcg@10'] svg circle")).ToHaveCountAsync(epochs);

        // Finished: the page shows the outcome, the early-stop decision, the baselines and the manifest.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve version" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-run-early-stop]")).ToContainTextAsync(new Regex("^(Not stopped early|Stopped early)"));
        await Expect(page.Locator("figure[data-chart='ndcg@10'] line.base-popularity")).ToHaveCountAsync(1);
        await Expect(page.GetByText("The whole manifest")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-run-log]")).ToContainTextAsync("popularity baseline");
        Assert.Equal(await page.Locator("[data-run-epochs-body] tr").CountAsync(), int.Parse((await loss.GetAttributeAsync("data-points"))!, CultureInfo.InvariantCulture));
        await Screenshots.SaveAsync(page, "run");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve version" }).ClickAsync();
        await Expect(page.GetByText("The version was approved")).ToBeVisibleAsync();
        var version1 = (await client.Training.GetRunAsync(runId)).Version;
        Assert.Equal(VersionStatus.Approved, (await client.Models.GetVersionAsync(version1.Family, version1.Version)).Status);
        await page.GotoAsync($"/console/models/{version1.Family}/{version1.Version}");
        await Expect(page.GetByText("Approved").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "version");

        // Promote: the banner appears Updating, then says InService, on the same page (no reload).
        await page.GotoAsync("/console/models");
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "Production", Exact = true });
        await Expect(banner).ToHaveCountAsync(0);
        var family = version1.Family;
        await PromoteAsync(page, $"Promote {family} v{version1.Version}", $"{family} v{version1.Version}");

        // A second version (SDK, a quick recipe), approved in the console, promoted; then Roll back names v1 again.
        var run2 = await client.Training.StartRunAsync(new StartRunRequest { TemplateId = "home-feed", Recipe = "item-knn", Seed = 2 });
        Run done2;
        do
        {
            done2 = await client.Training.GetRunAsync(run2.RunId);
            await Task.Delay(250);
        }
        while (done2.Status is RunStatus.Queued or RunStatus.Running);
        Assert.True(done2.Status is RunStatus.Succeeded or RunStatus.EarlyStopped, $"run 2 ended {done2.Status}: {done2.Error}");
        await page.GotoAsync("/console/models");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {family} v{done2.Version.Version}" }).ClickAsync();
        await Expect(page.GetByText("The version was approved")).ToBeVisibleAsync();
        await PromoteAsync(page, $"Promote {family} v{done2.Version.Version}", $"{family} v{done2.Version.Version}");
        await PromoteAsync(page, $"Roll back to {family} v{version1.Version}", $"{family} v{version1.Version}");

        // The history: three promotions by the signed-in key, newest first.
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Promotion history" });
        await Expect(history.Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(history.Locator("tbody tr").First).ToContainTextAsync($"{family} v{version1.Version}");
        await Expect(history.Locator("tbody tr").First).ToContainTextAsync("ml-lead");
        await Expect(history.Locator("tbody tr").First).ToContainTextAsync("succeeded");
        Assert.Equal(version1.Version, (await client.Models.GetEndpointAsync()).Version);

        // The screenshots: the Models page at 1280 px and narrow, the Training Jobs page.
        await page.GotoAsync("/console/models");
        await Expect(banner).ToContainTextAsync("InService");
        await Screenshots.SaveAsync(page, "models");
        await page.GotoAsync("/console/runs");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).Locator("tbody tr")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(page, "runs");
        await page.SetViewportSizeAsync(400, 860);
        await page.GotoAsync("/console/models");
        await Expect(banner).ToContainTextAsync("InService");
        await Screenshots.SaveAsync(page, "models-narrow");

        // A serve-only key: no Promote or Roll back button, and a forged Promote POST is refused with nothing promoted.
        var frontend = await client.Keys.CreateAsync("frontend", ["serve"], Tenant);
        await using var serveContext = await NewContextAsync(port);
        var servePage = await ConsoleEngine.SignInAsync(serveContext, frontend.Secret);
        await servePage.GotoAsync("/console/models");
        await Expect(servePage.GetByRole(AriaRole.Region, new() { Name = "Production", Exact = true })).ToContainTextAsync($"{family} v{version1.Version}");
        await Expect(servePage.GetByRole(AriaRole.Cell, new() { Name = $"{family} v{done2.Version.Version}" }).First).ToBeVisibleAsync();
        await Expect(servePage.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Promote") })).ToHaveCountAsync(0);
        await Expect(servePage.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Roll back") })).ToHaveCountAsync(0);
        await Expect(servePage.GetByText("Promoting and rolling back needs the models or admin role.")).ToBeVisibleAsync();

        var token = await servePage.Locator("form input[name=__RequestVerificationToken]").First.InputValueAsync();
        var forged = await servePage.APIRequest.PostAsync("/console/models", new()
        {
            Form = servePage.APIRequest.CreateFormData()
                .Set("_handler", "version-action")
                .Set("tenant", await servePage.Locator("form input[name=tenant]").First.InputValueAsync())
                .Set("__RequestVerificationToken", token)
                .Set("Action.Target", $"promote|{family}|{done2.Version.Version}"),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(servePage),
        });
        Assert.Equal(403, forged.Status);
        Assert.Contains("key \"frontend\" lacks the role this call needs (models or admin)", System.Net.WebUtility.HtmlDecode(await forged.TextAsync()), StringComparison.Ordinal);
        var after = await client.Models.GetEndpointAsync();
        Assert.Equal((version1.Version, EndpointStatus.InService), (after.Version, after.Status));
        Assert.Equal(3, (await client.Models.ListPromotionsAsync()).Count);
    }

    /// <summary>
    /// The engine with its trainer sidecar, made quick for a small data set: the trainer reads its options from the
    /// environment it inherits (through the engine) — fewer optimiser steps per epoch and shorter histories than the
    /// defaults, which are sized for real catalogs.
    /// </summary>
    private static async Task<EngineProcess> StartWithTrainerAsync(string dataDir, int port)
    {
        // Epochs long enough (400 steps: about 9 s each on this machine under load, a few seconds on a quiet one) for the
        // run page's once-a-second refresh to draw the curve between epochs; at 10 steps a quiet machine finished the
        // whole run between two refreshes and the curve went from 0 points to all of them at once.
        (string Name, string Value)[] quick = [("Trainer__PooledHistory__MinStepsPerEpoch", "400"), ("Trainer__PooledHistory__HistoryLength", "32")];
        foreach (var (name, value) in quick)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            return await EngineProcess.StartAsync(dataDir, null,
                "--auth", "required", "--console-port", port.ToString(CultureInfo.InvariantCulture), "--trainer", "sidecar");
        }
        finally
        {
            // The engine (and the trainer it starts later) took its copy of the environment at start.
            foreach (var (name, _) in quick)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    /// <summary>
    /// Presses <paramref name="button"/> on the Models page and follows the banner: it must show Updating and then
    /// InService naming <paramref name="serving"/>, with the page never reloaded. Every text the status badge takes is
    /// recorded as it changes (a MutationObserver), so a short Updating is seen however quickly it passes.
    /// </summary>
    private static async Task PromoteAsync(IPage page, string button, string serving)
    {
        await page.EvaluateAsync("""
            () => {
              window.notReloaded = true;
              window.seen = [];
              const section = document.querySelector("section.production");
              const status = section.querySelector("[data-endpoint-status]");
              new MutationObserver(() => window.seen.push((section.hidden ? "hidden:" : "") + status.textContent))
                .observe(section, { subtree: true, childList: true, characterData: true, attributes: true });
            }
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "Production", Exact = true });
        await Expect(banner).ToContainTextAsync(serving, new() { Timeout = 60_000 });
        await Expect(banner.Locator("[data-endpoint-status]")).ToHaveTextAsync("InService");
        var seen = await page.EvaluateAsync<string[]>("() => window.seen");
        var updating = Array.IndexOf(seen, "Updating");
        Assert.True(updating >= 0 && Array.IndexOf(seen, "InService", updating) > updating, $"the banner went {string.Join(" → ", seen)}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^(Promoted|Rolled back)") })).ToBeVisibleAsync();
    }

    private async Task<IBrowserContext> NewContextAsync(int port)
    {
        var context = await console.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = $"http://127.0.0.1:{port}",
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Clustered tastes: each user clicks and buys mostly items of their own cluster, so a model has something to learn.</summary>
    private static async Task TrackAsync(NeuronClient client, int users, int items, int perUser)
    {
        var random = new Random(7);
        var events = new List<Event>();
        var start = DateTimeOffset.UtcNow.AddDays(-5);
        for (var u = 0; u < users; u++)
        {
            var cluster = u % Clusters;
            for (var i = 0; i < perUser; i++)
            {
                var own = random.NextDouble() < 0.85;
                var item = own ? (random.Next(items / Clusters) * Clusters) + cluster : random.Next(items);
                events.Add(new Event
                {
                    UserId = $"user-{u}",
                    ItemId = $"item-{item}",
                    Type = i % 4 == 0 ? "purchase" : "click",
                    Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start.AddMinutes((u * perUser) + i)),
                });
            }
        }

        foreach (var chunk in events.Chunk(1000))
        {
            await client.Events.TrackAsync(chunk);
        }
    }
}
