using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>
/// The Datasets page: a JSON Lines file uploaded through the form (by app.js, with its progress; and as a plain form
/// POST without a script) goes through the engine's own upload checks, is listed with its counts, and is deleted through
/// a confirmation page; a bad line is refused with the engine's message naming it, at the file input.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DatasetsTests(ConsoleEngine console)
{
    /// <summary>Records every text the progress shows into sessionStorage, which outlives the navigation after the upload.</summary>
    private const string RecordProgress = """
        document.addEventListener('DOMContentLoaded', () => {
          const el = document.querySelector('[data-upload-percent]');
          if (!el) { return; }
          new MutationObserver(() => sessionStorage.setItem('percents', (sessionStorage.getItem('percents') || '') + '|' + el.textContent))
            .observe(el, { childList: true, characterData: true, subtree: true });
        });
        """;

    [Fact]
    public async Task Upload_SmallJsonl_ProgressReaches100_ListedWithItsCounts_ThenDeletedThroughTheConfirmation()
    {
        var tenant = ConsoleEngine.NewTenant("datasets");
        var (_, secret) = await console.CreateKeyAsync(tenant, "data-scientist", "train");
        await using var context = await console.NewContextAsync();
        await context.AddInitScriptAsync(RecordProgress);
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync("/console/datasets");
        await Expect(page.GetByText("No datasets yet")).ToBeVisibleAsync();

        await page.GetByLabel("Dataset id").FillAsync("clicks-june");
        await page.GetByLabel("Description").FillAsync("June's clicks");
        await page.GetByLabel("JSON Lines file").SetInputFilesAsync(Jsonl("clicks.jsonl",
            Line("u1", "sku-1"), Line("u1", "sku-2"), "", Line("u2", "sku-3")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload dataset" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/datasets\?done=uploaded&dataset=clicks-june$"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "uploaded" }))
            .ToHaveTextAsync("Dataset clicks-june uploaded: 3 events of 2 users and 3 items, every line checked.");
        var percents = await page.EvaluateAsync<string?>("() => sessionStorage.getItem('percents')");
        Assert.NotNull(percents);
        Assert.Contains("|100 %", percents, StringComparison.Ordinal);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "clicks-june" });
        var cells = row.GetByRole(AriaRole.Cell);
        await Expect(cells.Nth(0)).ToContainTextAsync("June's clicks");
        await Expect(cells.Nth(2)).ToHaveTextAsync("3");
        await Expect(cells.Nth(3)).ToHaveTextAsync("2");
        await Expect(cells.Nth(4)).ToHaveTextAsync("3");
        await Expect(cells.Nth(6)).ToHaveTextAsync("none");
        using var client = console.OperatorClient(tenant);
        var stored = Assert.Single(await client.Training.ListDatasetsAsync());
        Assert.Equal(3, stored.Events);
        await Expect(cells.Nth(1)).ToHaveTextAsync($"{stored.Bytes} B");

        await row.GetByRole(AriaRole.Link, new() { Name = "Delete clicks-june" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Delete dataset clicks-june?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete clicks-june" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/datasets\?done=deleted$"));
        await Expect(page.GetByText("No datasets yet")).ToBeVisibleAsync();
        Assert.Empty(await client.Training.ListDatasetsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upload_BadLine_RefusedWithTheEnginesMessageNamingTheLine_AtTheFileInput_NothingStored(bool script)
    {
        var tenant = ConsoleEngine.NewTenant("badline");
        var (_, secret) = await console.CreateKeyAsync(tenant, "data-scientist", "train");
        await using var context = await console.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = console.ConsoleUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            JavaScriptEnabled = script,
        });
        context.SetDefaultTimeout(15_000);
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync("/console/datasets");

        await page.GetByLabel("Dataset id").FillAsync("broken");
        await page.GetByLabel("JSON Lines file").SetInputFilesAsync(Jsonl("broken.jsonl",
            Line("u1", "sku-1"), Line("u2", "sku-2"), "{\"user_id\":\"u3\",\"item_id\":", Line("u4", "sku-4")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload dataset" }).ClickAsync();

        var file = page.GetByLabel("JSON Lines file");
        await Expect(file).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(file).ToHaveAccessibleDescriptionAsync(new Regex(@"line 3: not valid JSON"));
        if (!script)
        {
            // Back on the form after the redirect, with what was typed.
            await Expect(page.GetByLabel("Dataset id")).ToHaveValueAsync("broken");
        }

        using var client = console.OperatorClient(tenant);
        Assert.Empty(await client.Training.ListDatasetsAsync());
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_Refused_WithoutTheTrainRole_Refused()
    {
        var tenant = ConsoleEngine.NewTenant("dsroles");
        var (_, secret) = await console.CreateKeyAsync(tenant, "frontend", "serve");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync("/console/datasets");

        var upload = page.GetByRole(AriaRole.Button, new() { Name = "Upload dataset" });
        await Expect(upload).ToBeDisabledAsync();
        await Expect(upload).ToHaveAccessibleDescriptionAsync("needs the train or admin role");

        var token = await page.Locator("form[data-upload] input[name=__RequestVerificationToken]").InputValueAsync();
        var file = new FilePayload { Name = "f.jsonl", MimeType = "application/jsonl", Buffer = Encoding.UTF8.GetBytes(Line("u1", "i1")) };
        var forged = await page.APIRequest.PostAsync("/console/datasets/upload", new()
        {
            Multipart = page.APIRequest.CreateFormData()
                .Set("__RequestVerificationToken", token)
                .Set("tenant", tenant)
                .Set("Upload.DatasetId", "forged")
                .Set("Upload.File", file),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(page),
        });
        Assert.Equal(403, forged.Status);
        Assert.Contains("key \"frontend\" lacks the role this call needs (train or admin)", await forged.TextAsync(), StringComparison.Ordinal);

        var tokenless = await page.APIRequest.PostAsync("/console/datasets/upload", new()
        {
            Multipart = page.APIRequest.CreateFormData()
                .Set("tenant", tenant)
                .Set("Upload.DatasetId", "forged")
                .Set("Upload.File", file),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(page),
        });
        Assert.Equal(400, tokenless.Status);
        using var client = console.OperatorClient(tenant);
        Assert.Empty(await client.Training.ListDatasetsAsync());
    }

    private static string Line(string user, string item) => $$"""{"user_id":"{{user}}","item_id":"{{item}}","type":"click","timestamp":1718000000}""";

    private static FilePayload Jsonl(string name, params string[] lines) => new()
    {
        Name = name,
        MimeType = "application/jsonl",
        Buffer = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"),
    };
}
