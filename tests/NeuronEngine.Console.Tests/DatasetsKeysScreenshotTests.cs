using System.Text;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using NeuronEngine.Contracts.V1;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>The Datasets and Keys pages as a person sees them: docs/console/datasets.png, keys.png (1280 px) and keys-narrow.png (400 px).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DatasetsKeysScreenshotTests(ConsoleEngine console)
{
    private const string Tenant = "demo-shop";

    [Fact]
    public async Task DatasetsAndKeysPages_WideAndNarrow()
    {
        await SeedAsync();
        await using var wide = await console.NewContextAsync(1280, 900);
        var page = await ConsoleEngine.SignInAsync(wide, console.OperatorKey);
        await page.GetByLabel("Tenant").FillAsync(Tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch tenant" }).ClickAsync();

        await page.GotoAsync("/console/datasets");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "june-eval" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "june-train" })).ToContainTextAsync("1,200");
        await Screenshots.SaveAsync(page, "datasets");

        await page.GotoAsync("/console/keys");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "old-importer" })).ToContainTextAsync("Revoked");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("recs-api");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "serve", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByLabel(new System.Text.RegularExpressions.Regex("^Secret of key"))).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^nk_"));
        await Screenshots.SaveAsync(page, "keys");

        await page.SetViewportSizeAsync(400, 860);
        await page.GotoAsync("/console/keys");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create key" });
        await create.ScrollIntoViewIfNeededAsync();
        await Expect(create).ToBeInViewportAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 400, $"the Keys page is {width} px wide at a 400 px window");
        await Screenshots.SaveAsync(page, "keys-narrow");
    }

    private async Task SeedAsync()
    {
        using var client = console.OperatorClient(Tenant);
        if ((await client.Training.ListDatasetsAsync()).Count == 0)
        {
            var random = new Random(6);
            foreach (var (id, description, lines) in new[] { ("june-train", "Store purchases, 1–24 June", 1200), ("june-eval", "Store purchases, 25–30 June", 300) })
            {
                var text = new StringBuilder();
                for (var i = 0; i < lines; i++)
                {
                    text.Append($$"""{"user_id":"u{{random.Next(250)}}","item_id":"sku-{{random.Next(400)}}","type":"purchase","timestamp":{{1717200000 + (i * 60)}}}""").Append('\n');
                }

                using var content = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
                await client.Training.UploadDatasetAsync(new UploadDatasetHeader { DatasetId = id, Description = description }, content);
            }
        }

        var keys = await client.Keys.ListAsync(Tenant);
        if (keys.Count == 0)
        {
            await client.Keys.CreateAsync("web-frontend", ["serve"], Tenant);
            await client.Keys.CreateAsync("event-pipeline", ["ingest"], Tenant);
            await client.Keys.CreateAsync("data-team", ["train", "models"], Tenant);
            var old = await client.Keys.CreateAsync("old-importer", ["ingest"], Tenant);
            await client.Keys.RevokeAsync(old.Key.KeyId);
        }
    }
}
