using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Client;
using NeuronEngine.Console.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>The Events page's event types: add, the API's messages at the fields, edit, delete, counts, sorting and paging.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class EventTypesTests(ConsoleEngine console)
{
    [Fact]
    public async Task AddEventType_IsListed_AndItsCountFollowsEventsTrackedThroughTheSdk()
    {
        var tenant = ConsoleEngine.NewTenant("types");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await Expect(page.GetByText("No event types yet")).ToBeVisibleAsync();

        await AddTypeAsync(page, "click", "Click", "3");

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Click" });
        await Expect(row).ToContainTextAsync("click");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("3");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("0");

        using var client = console.OperatorClient(tenant);
        await client.Events.TrackAsync(Enumerable.Range(0, 3).Select(i => new Event { UserId = $"u{i}", ItemId = "i1", Type = "click" }))
            .WaitAsync(TimeSpan.FromSeconds(30));

        // No reload: the page's script polls the counts.
        await Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("3", new() { Timeout = 20_000 });
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Click" }).GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("3");
    }

    [Fact]
    public async Task AddEventType_Weight101_TheApisMessageAtTheWeightField_NothingCreated()
    {
        var tenant = ConsoleEngine.NewTenant("weight");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        using var client = console.OperatorClient(tenant);
        var api = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.CreateAsync("heavy", "Heavy", 101));
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);

        await AddTypeAsync(page, "heavy", "Heavy", "101");

        var weight = page.GetByLabel("Weight", new() { Exact = true });
        await Expect(weight).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(weight).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(api.Detail)));
        await Expect(page.Locator("#add-weight-error")).ToHaveTextAsync(api.Detail);
        await Expect(weight).ToHaveValueAsync("101");
        await Expect(page.GetByLabel("Type", new() { Exact = true })).ToHaveValueAsync("heavy");
        Assert.Equal("weight: must be between 1 and 100, not 101", api.Detail);
        Assert.Empty(await client.EventTypes.ListAsync());

        // Not a number at all: said at the field too, in the same words' style.
        await AddTypeAsync(page, "heavy", "Heavy", "lots");
        await Expect(page.Locator("#add-weight-error")).ToHaveTextAsync("weight: must be a whole number, not \"lots\"");
    }

    [Fact]
    public async Task EditThenDelete_ThroughTheConfirmationPage()
    {
        var tenant = ConsoleEngine.NewTenant("edit");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        using var client = console.OperatorClient(tenant);
        await client.EventTypes.CreateAsync("view", "View", 1);
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit view" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Event type view" })).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Product view");
        await page.GetByLabel("Weight", new() { Exact = true }).FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#edit-weight-error")).ToHaveTextAsync("weight: must be between 1 and 100, not 0");

        await page.GetByLabel("Weight", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/events$"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Product view" });
        await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("2");
        var stored = await client.EventTypes.GetAsync("view");
        Assert.Equal(("Product view", 2), (stored.Name, stored.Weight));

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit view" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete event type…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete event type view?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete view" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The event type was deleted.");
        await Expect(page.GetByText("No event types yet")).ToBeVisibleAsync();
        Assert.Empty(await client.EventTypes.ListAsync());
    }

    [Fact]
    public async Task Delete_TypeAPublishedTemplateUses_RefusedWithTheApisMessage()
    {
        var tenant = ConsoleEngine.NewTenant("inuse");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        using var client = console.OperatorClient(tenant);
        await client.EventTypes.CreateAsync("buy", "Buy", 40);
        var template = await client.Templates.CreateAsync(new Template { TemplateId = "sales", Name = "Sales", Signals = { new Signal { Type = "buy", Threshold = 1 } } });
        await client.Templates.PublishAsync(template.TemplateId);
        var api = await Assert.ThrowsAsync<NeuronClientException>(() => client.EventTypes.DeleteAsync("buy"));
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);

        await page.GotoAsync("/console/events/types/buy/delete");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete buy" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(api.Detail);
        Assert.Contains("\"sales\"", api.Detail, StringComparison.Ordinal);
        Assert.Single(await client.EventTypes.ListAsync());
    }

    [Fact]
    public async Task Table_SortsAndPages_ThroughTheQueryString()
    {
        var tenant = ConsoleEngine.NewTenant("paging");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        using var client = console.OperatorClient(tenant);
        for (var i = 1; i <= 25; i++)
        {
            await client.EventTypes.CreateAsync($"type_{i:D2}", $"Type {i}", i * 4);
        }

        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        var body = page.Locator("section[aria-labelledby=types-title] tbody tr");
        await Expect(body).ToHaveCountAsync(20);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Event types pages" })).ToContainTextAsync("Page 1 of 2 · 25 rows");

        await page.GetByRole(AriaRole.Link, new() { Name = "Weight" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?sort=weight&dir=asc$"));
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Weight" })).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.GetByRole(AriaRole.Link, new() { Name = "Weight" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?sort=weight&dir=desc$"));
        await Expect(body.First.GetByRole(AriaRole.Cell).First).ToHaveTextAsync("type_25");

        await page.GetByRole(AriaRole.Link, new() { Name = "Next →" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"sort=weight&dir=desc&page=2$"));
        await Expect(body).ToHaveCountAsync(5);
        await Expect(body.Last.GetByRole(AriaRole.Cell).First).ToHaveTextAsync("type_01");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Event types pages" })).ToContainTextAsync("Page 2 of 2");
    }

    internal static async Task AddTypeAsync(IPage page, string type, string name, string weight)
    {
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync(type);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Weight", new() { Exact = true }).FillAsync(weight);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add event type" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
