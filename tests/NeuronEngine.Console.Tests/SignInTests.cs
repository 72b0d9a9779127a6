using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>Signing in and out, the session cookie, and a revoked key's session.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(ConsoleEngine console)
{
    [Fact]
    public async Task Console_NotSignedIn_GoesToSignIn_AndAWrongKeyIsRefusedWithTheEnginesMessage()
    {
        await using var context = await console.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console/events?sort=weight");

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/signin\?return=%2Fconsole%2Fevents%3Fsort%3Dweight$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "signin");

        var key = page.GetByLabel("API key");
        await key.FillAsync("nk_0123456789abcdef_" + new string('A', 43));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(key).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(key).ToHaveAccessibleDescriptionAsync(new Regex("unknown API key"));

        await key.FillAsync("let me in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(key).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape("the API key is not a NeuronEngine key (expected nk_<id>_<secret>)")));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "neuron-console");
    }

    [Fact]
    public async Task SignIn_WithAKey_StrictHttpOnlySessionCookie_ReturnsToTheAskedPage_AndShowsWhoIsSignedIn()
    {
        var tenant = ConsoleEngine.NewTenant("signin");
        var (_, secret) = await console.CreateKeyAsync(tenant, "console-admin", "admin");
        await using var context = await console.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/events?sort=weight&dir=desc");

        await page.GetByLabel("API key").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/events\?sort=weight&dir=desc$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Events", Exact = true })).ToBeVisibleAsync();
        var header = page.GetByRole(AriaRole.Banner);
        await Expect(header).ToContainTextAsync("console-admin");
        await Expect(header).ToContainTextAsync(tenant);
        var cookies = await context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "neuron-console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("/", session.Path);
        Assert.DoesNotContain(cookies, c => c.Value.Contains(secret[3..], StringComparison.Ordinal));
        var antiforgery = Assert.Single(cookies, c => c.Name == "neuron-console-antiforgery");
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, antiforgery.SameSite);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var tenant = ConsoleEngine.NewTenant("signout");
        var (_, secret) = await console.CreateKeyAsync(tenant, "leaving", "serve");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        var sessionId = (await context.CookiesAsync()).Single(c => c.Name == "neuron-console").Value;

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out.");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "neuron-console");

        // The old id is worth nothing now, even presented again.
        await context.AddCookiesAsync([new Cookie { Name = "neuron-console", Value = sessionId, Url = console.ConsoleUrl }]);
        await page.GotoAsync("/console/events");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
    }

    [Fact]
    public async Task RevokedKey_NextAction_GoesToSignInWithTheReason_AndChangesNothing()
    {
        var tenant = ConsoleEngine.NewTenant("revoke");
        var (keyId, secret) = await console.CreateKeyAsync(tenant, "soon-revoked", "admin");
        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, secret);
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("click");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Click");
        await page.GetByLabel("Weight", new() { Exact = true }).FillAsync("3");

        using (var client = console.OperatorClient(tenant))
        {
            await client.Keys.RevokeAsync(keyId).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Add event type" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/signin$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"API key {keyId} (\"soon-revoked\") was revoked");
        using var check = console.OperatorClient(tenant);
        Assert.Empty(await check.EventTypes.ListAsync().WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
