using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Cli.Tests.Models;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Tests.Events;

[Collection(CliCollection.Name)]
public sealed class EventCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task Track_SameEventIdTwice_SecondIsADuplicate()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var args = new[] { "events", "track", "--user", "u1", "--item", "i1", "--type", "purchase", "--event-id", "once", "--tag", "surface:home", "--timestamp", "2026-01-02T03:04:05Z" };

        var first = (await engine.RunAsync(tenant.Tenant, args)).Ok();
        Assert.Equal("Tracked purchase by u1 on i1", first.Out.Trim());
        var second = (await engine.RunAsync(tenant.Tenant, [.. args, "-o", "json"])).Ok().Json();
        Assert.Equal(1, second.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Track_UnknownType_RefusedWithTheEngineMessage()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "events", "track", "-u", "u1", "-i", "i1", "--type", "clik");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: INVALID_ARGUMENT: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("unknown event type", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--type", "click", "--item", "i1")]
    [InlineData("--type", "click", "--user", "u1", "--item", "i1", "--timestamp", "soon")]
    public async Task Track_MissingOrBadOption_ExitsUsage(params string[] options)
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), ["events", "track", .. options]);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(options.Length == 4 ? "--user" : "--timestamp", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_WithTemplate_ShowsSignalsAgainstThresholds()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        await tenant.Client.Templates.CreateAsync(new Template
        {
            TemplateId = "home",
            Name = "Home",
            MinTotalEvents = 2,
            Signals = { new Signal { Type = "click", Threshold = 2 }, new Signal { Type = "purchase", Threshold = 5 } },
        }).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var (user, type) in new[] { ("u1", "click"), ("u2", "click"), ("u1", "purchase") })
        {
            (await engine.RunAsync(tenant.Tenant, "events", "track", "-u", user, "-i", "i1", "--type", type)).Ok();
        }

        var json = (await engine.RunAsync(tenant.Tenant, "events", "stats", "--template", "home", "-o", "json")).Ok().Json();
        Assert.Equal("3", json.GetProperty("total").GetString());
        var template = json.GetProperty("template");
        Assert.True(template.GetProperty("minTotalMet").GetBoolean());
        var signals = template.GetProperty("signals").EnumerateArray().ToDictionary(s => s.GetProperty("type").GetString()!, s => s.GetProperty("passes").GetBoolean());
        Assert.True(signals["click"]);
        Assert.False(signals["purchase"]);

        var table = (await engine.RunAsync(tenant.Tenant, "events", "stats", "--template", "home")).Ok();
        Assert.Contains("3 events from 2 users on 1 items", table.Out, StringComparison.Ordinal);
        Assert.Contains("a run can start", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_UnknownTemplate_NotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "events", "stats", "--template", "nope");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }
}
