using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>
/// Roles: a button a key's roles cannot use is disabled with the reason, and the server refuses the action anyway
/// (a forged POST, with a valid session and anti-forgery token, changes nothing); a POST without a token is refused.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RolesTests(ConsoleEngine console)
{
    [Fact]
    public async Task ServeOnlyKey_AddTypeDisabledWithTheReason_AndAForgedPostIsRefused()
    {
        var tenant = ConsoleEngine.NewTenant("serve");
        var (_, secret) = await console.CreateKeyAsync(tenant, "frontend", "serve");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);

        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add event type" });
        await Expect(add).ToBeDisabledAsync();
        await Expect(add).ToHaveAccessibleDescriptionAsync("needs the admin role");
        await Expect(page.GetByText("needs the admin role")).ToBeVisibleAsync();
        await Expect(page.GetByText("Signal templates are not shown to this key")).ToBeVisibleAsync();
        await Expect(page.GetByText("Reading and editing templates needs the train or admin role.")).ToBeVisibleAsync();

        // What a browser would post if the button were enabled: the page's own token, the session cookie.
        var token = await page.Locator("form[aria-labelledby=add-type-title] input[name=__RequestVerificationToken]").InputValueAsync();
        var answer = await page.APIRequest.PostAsync("/console/events", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Set("_handler", "add-type")
                .Set("tenant", tenant)
                .Set("__RequestVerificationToken", token)
                .Set("Add.Type", "forged")
                .Set("Add.Name", "Forged")
                .Set("Add.Weight", "5"),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(page),
        });

        Assert.Equal(403, answer.Status);
        Assert.Contains("key \"frontend\" lacks the role this call needs (admin)", System.Net.WebUtility.HtmlDecode(await answer.TextAsync()), StringComparison.Ordinal);
        using var client = console.OperatorClient(tenant);
        Assert.Empty(await client.EventTypes.ListAsync());
    }

    [Fact]
    public async Task Post_WithoutAnAntiforgeryToken_IsRefused_NothingCreated()
    {
        var tenant = ConsoleEngine.NewTenant("csrf");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);

        var answer = await page.APIRequest.PostAsync("/console/events", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Set("_handler", "add-type")
                .Set("tenant", tenant)
                .Set("Add.Type", "forged")
                .Set("Add.Name", "Forged")
                .Set("Add.Weight", "5"),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(page),
        });

        Assert.Equal(400, answer.Status);
        using var client = console.OperatorClient(tenant);
        Assert.Empty(await client.EventTypes.ListAsync());

        // The same POST with the page's token goes through: it was the token that was missing.
        var token = await page.Locator("form[aria-labelledby=add-type-title] input[name=__RequestVerificationToken]").InputValueAsync();
        var allowed = await page.APIRequest.PostAsync("/console/events", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Set("_handler", "add-type")
                .Set("tenant", tenant)
                .Set("__RequestVerificationToken", token)
                .Set("Add.Type", "real")
                .Set("Add.Name", "Real")
                .Set("Add.Weight", "5"),
            MaxRedirects = 0,
            Headers = ConsoleEngine.SameOrigin(page),
        });
        Assert.InRange(allowed.Status, 300, 399);
        Assert.Equal("real", Assert.Single(await client.EventTypes.ListAsync()).Type);
    }

    [Fact]
    public async Task TrainKey_SeesTemplates_ButAddTypeAndTheTenantSwitcherAreNotItsToUse()
    {
        var tenant = ConsoleEngine.NewTenant("trainkey");
        var (_, secret) = await console.CreateKeyAsync(tenant, "data-scientist", "train");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add event type" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New template" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Tenant")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(new Regex($"Tenant\\s*{tenant}"));
    }
}
