using NeuronEngine.Cli.Tests.Fixtures;
using NeuronEngine.Cli.Tests.Models;
using NeuronEngine.Testing;

namespace NeuronEngine.Cli.Tests.Templates;

[Collection(CliCollection.Name)]
public sealed class TemplateCommandsTests(CliEngine engine) : IDisposable
{
    private const string HomeYaml = """
        id: home
        name: Home feed
        min_total_events: 10
        tag_filter: surface:home
        signals:
          - type: purchase
            threshold: 1
          - type: click
            weight: 3
            threshold: 5
        """;

    private readonly TempDirectory dir = new("cli-templates");

    [Fact]
    public async Task CreateShowPublishListDelete_RoundTrip()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();

        var created = (await engine.RunAsync(tenant.Tenant, "templates", "create", Write("home.yaml", HomeYaml))).Ok();
        Assert.Contains("Home feed", created.Out, StringComparison.Ordinal);
        Assert.Matches(@"status\s+draft", created.Out);
        Assert.Matches(@"purchase\s+50\s+1", created.Out);

        var published = (await engine.RunAsync(tenant.Tenant, "templates", "publish", "home", "-o", "json")).Ok().Json();
        Assert.Equal("PUBLISHED", published.GetProperty("status").GetString());
        var weights = published.GetProperty("signals").EnumerateArray().ToDictionary(s => s.GetProperty("type").GetString()!, s => s.GetProperty("weight").GetInt32());
        Assert.Equal(50, weights["purchase"]);
        Assert.Equal(3, weights["click"]);

        var again = await engine.RunAsync(tenant.Tenant, "templates", "publish", "home");
        Assert.Equal(ExitCodes.Refused, again.ExitCode);
        Assert.StartsWith("neuron: FAILED_PRECONDITION: ", again.Error, StringComparison.Ordinal);

        (await engine.RunAsync(tenant.Tenant, "templates", "create", Write("draft.json", """{"id":"other","name":"Other","signals":[{"type":"click"}]}"""))).Ok();
        var onlyPublished = (await engine.RunAsync(tenant.Tenant, "templates", "list", "--status", "published", "-o", "json")).Ok().Json();
        Assert.Equal(["home"], onlyPublished.EnumerateArray().Select(t => t.GetProperty("templateId").GetString()));
        var all = (await engine.RunAsync(tenant.Tenant, "templates", "list")).Ok();
        Assert.Contains("other", all.Out, StringComparison.Ordinal);
        Assert.Contains("click×3", all.Out, StringComparison.Ordinal);

        var shown = (await engine.RunAsync(tenant.Tenant, "templates", "show", "other", "-o", "json")).Ok().Json();
        Assert.Equal("DRAFT", shown.GetProperty("status").GetString());
        (await engine.RunAsync(tenant.Tenant, "templates", "delete", "other")).Ok();
        var gone = await engine.RunAsync(tenant.Tenant, "templates", "show", "other");
        Assert.Equal(ExitCodes.Refused, gone.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithPublish_LandsPublished()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.EventTypesAsync();
        var json = (await engine.RunAsync(tenant.Tenant, "templates", "create", Write("home.yaml", HomeYaml), "--publish", "-o", "json")).Ok().Json();
        Assert.Equal("PUBLISHED", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_MalformedFile_OneLineNamingTheFieldAndUsage()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "templates", "create", Write("bad.yaml", "name: X\nsignals:\n  - type: click\n    weight: heavy\n"));
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("neuron: bad.yaml: signals[0].weight: \"heavy\" is not a whole number", line);
    }

    [Fact]
    public async Task Create_UnknownEventType_RefusedByTheEngine()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "templates", "create", Write("home.yaml", HomeYaml));
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: INVALID_ARGUMENT: signals[0].type", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownStatus_Usage()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "templates", "list", "--status", "archived");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    public void Dispose() => dir.Dispose();

    private string Write(string name, string content)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }
}
