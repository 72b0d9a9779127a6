using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NeuronEngine.Console.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace NeuronEngine.Console.Tests;

/// <summary>The header's tenant switcher: an operator key works in any tenant.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TenantTests(ConsoleEngine console)
{
    [Fact]
    public async Task OperatorKey_SwitchesTenant_AndSeesThatTenantsTypes_AnInvalidNameIsRefusedAtTheSwitcher()
    {
        var tenant = ConsoleEngine.NewTenant("switch");
        using (var client = console.OperatorClient(tenant))
        {
            await client.EventTypes.CreateAsync("signup", "Sign-up", 20);
        }

        await using var context = await console.NewContextAsync();
        var page = await ConsoleEngine.SignInAsync(context, console.OperatorKey);
        var switcher = page.GetByLabel("Tenant");
        await Expect(switcher).ToHaveValueAsync("default");

        await switcher.FillAsync(tenant);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch tenant" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/events$"));
        await Expect(page.GetByLabel("Tenant")).ToHaveValueAsync(tenant);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sign-up" })).ToBeVisibleAsync();

        await page.GetByLabel("Tenant").FillAsync("Not A Tenant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch tenant" }).ClickAsync();
        await Expect(page.GetByLabel("Tenant")).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape("x-tenant: \"Not A Tenant\" must match")));

        // Still in the tenant it switched to.
        await page.GotoAsync("/console/events");
        await Expect(page.GetByLabel("Tenant")).ToHaveValueAsync(tenant);
    }
}
