using System.Globalization;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using NeuronEngine.Testing;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>
/// <c>--auth loopback</c>: a browser on the engine's machine is the operator without signing in, as a loopback gRPC call
/// is. An engine of its own (the shared one runs <c>--auth required</c>); the shared browser.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class LoopbackTests(ConsoleEngine console)
{
    [Fact]
    public async Task LoopbackMode_BrowserOnThisMachine_IsTheOperatorWithoutSigningIn()
    {
        using var data = new TempDirectory("console-loopback");
        var port = ConsoleEngine.FreePort();
        await using var engine = await EngineProcess.StartAsync(data.Path, null, "--auth", "loopback", "--console-port", port.ToString(CultureInfo.InvariantCulture));
        await using var context = await console.Browser.NewContextAsync(new() { BaseURL = $"http://127.0.0.1:{port}" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");

        await Expect(page).ToHaveURLAsync($"http://127.0.0.1:{port}/console/events");
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("On this machine as operator@loopback");
        await Expect(page.GetByLabel("Tenant")).ToHaveValueAsync("default");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a key" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);

        // The operator can act, and the tenant it switches to is remembered in a session of its own.
        await EventTypesTests.AddTypeAsync(page, "like", "Like", "5");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Like" })).ToBeVisibleAsync();
        await page.GetByLabel("Tenant").FillAsync("loopback-tenant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch tenant" }).ClickAsync();
        await Expect(page.GetByLabel("Tenant")).ToHaveValueAsync("loopback-tenant");
        await Expect(page.GetByText("No event types yet")).ToBeVisibleAsync();
    }
}
