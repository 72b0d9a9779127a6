using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>
/// The Keys page: a key created in the console shows its secret once (in the POST's answer, not cached, not in the URL,
/// not again on reload), signs in elsewhere, and is refused there from the action after it is revoked; a key without the
/// admin role sees the create button disabled with the reason and its forged POST is refused.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class KeysTests(ConsoleEngine console)
{
    [Fact]
    public async Task CreateKey_SecretOnceAndNotStored_SignsInElsewhere_RevokedThere_NextActionRefused()
    {
        var tenant = ConsoleEngine.NewTenant("keys");
        var (_, adminSecret) = await console.CreateKeyAsync(tenant, "keys-admin", "admin");
        await using var first = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(first, adminSecret);
        await page.GotoAsync("/console/keys");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "keys-admin" })).ToContainTextAsync("this browser");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("etl-job");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "ingest", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "train", Exact = true }).CheckAsync();
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/console/keys", StringComparison.Ordinal));

        Assert.Equal(200, answer.Status);
        var cacheControl = (await answer.AllHeadersAsync())["cache-control"];
        Assert.Contains("no-store", cacheControl.Split(',', StringSplitOptions.TrimEntries));
        var secretField = page.GetByLabel(new Regex("^Secret of key"));
        var secret = await secretField.InputValueAsync();
        Assert.StartsWith("nk_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, page.Url, StringComparison.Ordinal);
        await Expect(page.GetByText("this is the only time it is shown")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "etl-job" });
        await Expect(row).ToContainTextAsync("ingest, train");
        await Expect(row).ToContainTextAsync("Active");

        // Reloading the answer sends the form again: nothing is created and no secret is shown.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys" })).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.GetByLabel(new Regex("^Secret of key"))).ToHaveCountAsync(0);
        using (var client = console.OperatorClient(tenant))
        {
            Assert.Single(await client.Keys.ListAsync(tenant), k => k.Name == "etl-job");
        }

        // The new key signs in from a fresh browser.
        await using var second = await console.NewContextAsync();
        var other = await ConsoleEngine.SignInAsync(second, secret);
        await Expect(other.GetByRole(AriaRole.Banner)).ToContainTextAsync("etl-job");

        // Revoked from the first browser, through its confirmation page.
        await page.GotoAsync("/console/keys");
        await page.GetByRole(AriaRole.Link, new() { Name = "Revoke etl-job" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revoke key “etl-job”?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke etl-job" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/console/keys\?done=revoked$"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "etl-job" })).ToContainTextAsync("Revoked");

        // The second browser's next action is refused, with the reason.
        await other.GotoAsync("/console/datasets");
        await Expect(other).ToHaveURLAsync(new Regex("/console/signin"));
        await Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("(\"etl-job\") was revoked");
    }

    [Fact]
    public async Task CreateKey_InvalidNameAndNoRole_TheEnginesMessagesAtTheFields()
    {
        var tenant = ConsoleEngine.NewTenant("keyform");
        var (_, secret) = await console.CreateKeyAsync(tenant, "keys-admin", "admin");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync("/console/keys");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("ops@loopback");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "serve", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveAccessibleDescriptionAsync(new Regex("names ending in \"@loopback\" are reserved"));

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("no-roles");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "serve", Exact = true }).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Roles" })).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape("roles: must name at least one role")));
        await Expect(page.GetByLabel(new Regex("^Secret of key"))).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task KeyWithoutAdmin_CreateDisabledWithTheReason_AndAForgedPostIsRefused()
    {
        var tenant = ConsoleEngine.NewTenant("nokeys");
        var (_, secret) = await console.CreateKeyAsync(tenant, "trainer-person", "train");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync("/console/keys");

        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create key" });
        await Expect(create).ToBeDisabledAsync();
        await Expect(create).ToHaveAccessibleDescriptionAsync("needs the admin role");
        await Expect(page.GetByText("The tenant's keys are not shown to this key")).ToBeVisibleAsync();

        var form = page.Locator("form[aria-labelledby=create-key-title]");
        var answer = await page.APIRequest.PostAsync("/console/keys", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Set("_handler", "create-key")
                .Set("tenant", await form.Locator("input[name=tenant]").InputValueAsync())
                .Set("__RequestVerificationToken", await form.Locator("input[name=__RequestVerificationToken]").InputValueAsync())
                .Set("Create.Once", await form.Locator("input[name='Create.Once']").InputValueAsync())
                .Set("Create.Name", "forged")
                .Set("Create.Role", "admin"),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(page),
        });

        Assert.Equal(403, answer.Status);
        var body = System.Net.WebUtility.HtmlDecode(await answer.TextAsync());
        Assert.Contains("key \"trainer-person\" lacks the role this call needs (admin)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("nk_", body, StringComparison.Ordinal);
        using var client = console.OperatorClient(tenant);
        Assert.DoesNotContain(await client.Keys.ListAsync(tenant), k => k.Name == "forged");
    }

    [Fact]
    public async Task RevokingTheKeyThisBrowserUses_SignsItOutWithTheReason()
    {
        var tenant = ConsoleEngine.NewTenant("selfrevoke");
        var (keyId, secret) = await console.CreateKeyAsync(tenant, "leaving-admin", "admin");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GotoAsync($"/console/keys/{keyId}/revoke");
        await Expect(page.GetByText("This browser is signed in with this key")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke leaving-admin" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"API key {keyId} (\"leaving-admin\") was revoked");
    }
}
