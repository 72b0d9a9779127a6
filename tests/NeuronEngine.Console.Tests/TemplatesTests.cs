using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Client;
using NeuronEngine.Console.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>Signal templates on the Events page: create a Draft, publish, live thresholds, and Train.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TemplatesTests(ConsoleEngine console)
{
    [Fact]
    public async Task Template_CreatePublishTrackAndTrain_ThresholdsAndTheTrainButtonFollowTheCounts()
    {
        var tenant = ConsoleEngine.NewTenant("train");
        var (_, secret) = await console.CreateKeyAsync(tenant, "trainer-person", "admin");
        using var client = console.OperatorClient(tenant);
        await client.EventTypes.CreateAsync("click", "Click", 3);
        await client.EventTypes.CreateAsync("purchase", "Purchase", 40);
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await Expect(page.GetByText("No signal templates yet")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "New template" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Home feed");
        await page.GetByLabel("Template id").FillAsync("home-feed");
        await page.GetByLabel("Minimum total events").FillAsync("3");
        await page.GetByLabel("Use click").CheckAsync();
        await page.GetByLabel("Threshold of click").FillAsync("2");
        await page.GetByLabel("Use purchase").CheckAsync();
        await page.GetByLabel("Weight of purchase").FillAsync("50");
        await page.GetByLabel("Threshold of purchase").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/events/templates/home-feed$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home feed" })).ToContainTextAsync("Draft");
        await Expect(page.Locator("[data-ready=home-feed]")).ToHaveTextAsync("Draft: publish to train");
        await Expect(page.Locator("[data-signal-state='home-feed|click']")).ToHaveTextAsync("needs 2 more");
        var stored = await client.Templates.GetAsync("home-feed");
        Assert.Equal([("click", false, 2L), ("purchase", true, 1L)], stored.Signals.Select(s => (s.Type, s.HasWeight && s.Weight == 50, s.Threshold)));

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home feed" })).ToContainTextAsync("Published");
        var train = page.GetByRole(AriaRole.Button, new() { Name = "Train" });
        await Expect(train).ToBeDisabledAsync();
        await Expect(train).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape("template \"home-feed\" is not ready: 0 events of 3 minimum; no signal passes its threshold")));

        // Half there: click passes, purchase does not; the page follows without a reload.
        await client.Events.TrackAsync([new Event { UserId = "u1", ItemId = "a", Type = "click" }, new Event { UserId = "u2", ItemId = "b", Type = "click" }]);
        await Expect(page.Locator("[data-signal-state='home-feed|click']")).ToHaveTextAsync("threshold met", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-signal-state='home-feed|purchase']")).ToHaveTextAsync("needs 1 more");
        await Expect(page.Locator("[data-ready=home-feed]")).ToHaveTextAsync("Not enough events yet");

        await client.Events.TrackAsync([new Event { UserId = "u1", ItemId = "b", Type = "purchase" }]);
        await Expect(page.Locator("[data-ready=home-feed]")).ToHaveTextAsync("Ready to train", new() { Timeout = 20_000 });
        await page.ReloadAsync();
        await Expect(train).ToBeEnabledAsync();
        await Expect(page.GetByLabel("Epochs")).ToHaveValueAsync("5");
        await Expect(page.GetByLabel("Batch size")).ToHaveValueAsync("256");
        await Expect(page.GetByLabel("Learning rate")).ToHaveValueAsync("0.001");
        await Expect(page.GetByLabel("Recipe")).ToHaveValueAsync("auto");

        var api = await Assert.ThrowsAsync<NeuronClientException>(() => client.Training.StartRunAsync(new StartRunRequest { TemplateId = "home-feed", Epochs = 51 }));
        await page.GetByLabel("Epochs").FillAsync("51");
        await train.ClickAsync();
        await Expect(page.GetByLabel("Epochs")).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(api.Detail)));
        await Expect(page.Locator("#train-epochs-error")).ToHaveTextAsync("epochs: must be 1-50, not 51");

        await page.GetByLabel("Epochs").FillAsync("2");
        await page.GetByLabel("Batch size").SelectOptionAsync("128");
        await page.GetByLabel("Recipe").SelectOptionAsync("ease");
        await page.GetByRole(AriaRole.Button, new() { Name = "Train" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/runs/[0-9a-f]{32}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Training run" })).ToContainTextAsync("Queued");
        var runId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var run = await client.Training.GetRunAsync(runId);
        Assert.Equal((RunStatus.Queued, 2, 128, "ease", "trainer-person"), (run.Status, run.EpochsPlanned, run.BatchSize, run.Recipe, run.Actor));
    }

    [Fact]
    public async Task TemplateEditor_TheEnginesMessagesAtTheRowsTheyConcern()
    {
        var tenant = ConsoleEngine.NewTenant("editor");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        using var client = console.OperatorClient(tenant);
        await client.EventTypes.CreateAsync("add_to_cart", "Add to cart", 10);
        await client.EventTypes.CreateAsync("view", "View", 1);
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync("/console/events/templates/new");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Carts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(page.Locator("#template-summary")).ToHaveTextAsync("signals: must name at least one event type");

        // The second row is the first signal: the engine's signals[0] is placed at view's row.
        await page.GetByLabel("Use view").CheckAsync();
        await page.GetByLabel("Threshold of view").FillAsync("-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(page.GetByLabel("Threshold of view")).ToHaveAccessibleDescriptionAsync("signals[0].threshold: must be at least 0, not -1");
        await Expect(page.GetByLabel("Threshold of view")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Use view")).ToBeCheckedAsync();
        Assert.Empty(await client.Templates.ListAsync());

        await page.GetByLabel("Threshold of view").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Carts" })).ToBeVisibleAsync();

        // A Draft is edited in place; the events page lists it with its signal against the threshold.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await page.GetByLabel("Use add_to_cart").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "add_to_cart" })).ToBeVisibleAsync();
        await page.GotoAsync("/console/events");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Carts" });
        await Expect(row).ToContainTextAsync("Draft");
        await Expect(row).ToContainTextAsync("needs 10 more");
        await Expect(row).ToContainTextAsync("Draft: publish to train");

        // Deleted through its confirmation page.
        await row.GetByRole(AriaRole.Link, new() { Name = "Carts" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete template…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete template" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The signal template was deleted.");
        await Expect(page.GetByText("No signal templates yet")).ToBeVisibleAsync();
        Assert.Empty(await client.Templates.ListAsync());
    }
}
