using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>The Events page as a person sees it, at 1280 px and on a narrow (400 px) window: docs/console/events*.png.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ScreenshotTests(ConsoleEngine console)
{
    private const string Tenant = "demo-shop";

    [Fact]
    public async Task EventsPage_WideAndNarrow_EverythingVisibleAndUsable()
    {
        await SeedAsync();
        await using var wide = await console.NewContextAsync(1280, 900);
        var page = await ConsoleEngine.SignInAsync(wide, console.OperatorKey);
        await page.GetByLabel("Tenant").FillAsync(Tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch tenant" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Add to cart" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-ready=home-feed]")).ToHaveTextAsync("Ready to train");
        await Expect(page.Locator("[data-ready=cart-recovery]")).ToHaveTextAsync("Draft: publish to train");
        await Screenshots.SaveAsync(page, "events");

        // The same session in a narrow window: the header and forms stack, the tables scroll inside their cards.
        await page.SetViewportSizeAsync(400, 860);
        await page.ReloadAsync();
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add event type" });
        await add.ScrollIntoViewIfNeededAsync();
        await Expect(add).ToBeInViewportAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 401
                    && (!e.parentElement.closest('.table-wrap, .nav, pre') || getComputedStyle(e).position === 'absolute'))
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
            """);
        Assert.True(width <= 400, $"the page is {width} px wide at a 400 px window; past its edge: {string.Join(", ", overflowing)}");
        await Screenshots.SaveAsync(page, "events-narrow");
    }

    private async Task SeedAsync()
    {
        using var client = console.OperatorClient(Tenant);
        if ((await client.EventTypes.ListAsync()).Count > 0)
        {
            return;
        }

        foreach (var (type, name, weight) in new[] { ("view", "View", 1), ("click", "Click", 3), ("add_to_cart", "Add to cart", 10), ("purchase", "Purchase", 40) })
        {
            await client.EventTypes.CreateAsync(type, name, weight);
        }

        var random = new Random(19);
        var events = new List<Event>();
        foreach (var (type, count) in new[] { ("view", 1840), ("click", 612), ("add_to_cart", 148), ("purchase", 37) })
        {
            events.AddRange(Enumerable.Range(0, count).Select(_ => new Event { UserId = $"u{random.Next(400)}", ItemId = $"sku-{random.Next(300)}", Type = type }));
        }

        foreach (var batch in events.Chunk(500))
        {
            await client.Events.TrackAsync(batch);
        }

        await client.Templates.CreateAsync(new Template
        {
            TemplateId = "home-feed",
            Name = "Home feed",
            MinTotalEvents = 500,
            Signals = { new Signal { Type = "click", Threshold = 100 }, new Signal { Type = "add_to_cart", Threshold = 50 }, new Signal { Type = "purchase", Weight = 50, Threshold = 20 } },
        });
        await client.Templates.PublishAsync("home-feed");
        await client.Templates.CreateAsync(new Template
        {
            TemplateId = "cart-recovery",
            Name = "Cart recovery",
            MinTotalEvents = 1000,
            Signals = { new Signal { Type = "add_to_cart", Threshold = 500 }, new Signal { Type = "purchase", Threshold = 100 } },
        });
    }
}
