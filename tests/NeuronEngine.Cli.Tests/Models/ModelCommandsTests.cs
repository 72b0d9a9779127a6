using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Models;

[Collection(CliCollection.Name)]
public sealed class ModelCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task VersionsShowApprove_PendingVersion_BecomesApproved()
    {
        using var tenant = new ServingTenant(engine);
        var version = await tenant.RegisterAsync(approve: false);

        var versions = (await engine.RunAsync(tenant.Tenant, "models", "versions", "recs", "-o", "json")).Ok().Json();
        var only = Assert.Single(versions.EnumerateArray());
        Assert.Equal("PENDING", only.GetProperty("status").GetString());

        var approved = (await engine.RunAsync(tenant.Tenant, "models", "approve", "recs", $"v{version}")).Ok();
        Assert.StartsWith($"Approved recs v{version}", approved.Out, StringComparison.Ordinal);

        var shown = (await engine.RunAsync(tenant.Tenant, "models", "show", "recs", version.ToString(System.Globalization.CultureInfo.InvariantCulture))).Ok();
        Assert.Matches(@"status\s+approved", shown.Out);
        Assert.Matches(@"recipe\s+planted", shown.Out);
        Assert.Matches(@"items\s+40", shown.Out);
        Assert.Matches(@"ndcg@10\s+0\.5", shown.Out);

        var table = (await engine.RunAsync(tenant.Tenant, "models", "versions", "recs")).Ok();
        Assert.Matches(@"v1\s+v1\s+approved", table.Out);

        var twice = await engine.RunAsync(tenant.Tenant, "models", "approve", "recs", "1");
        Assert.Equal(ExitCodes.Refused, twice.ExitCode);
        Assert.StartsWith("neuron: FAILED_PRECONDITION: ", twice.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_AddThenRemove_KeepsTheRestInOrder()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.RegisterAsync();

        var added = (await engine.RunAsync(tenant.Tenant, "models", "label", "recs", "1", "candidate", "baseline")).Ok();
        Assert.Equal("recs v1 labels: candidate,baseline", added.Out.Trim());
        (await engine.RunAsync(tenant.Tenant, "models", "label", "recs", "1", "candidate")).Ok();

        var removed = (await engine.RunAsync(tenant.Tenant, "models", "label", "recs", "1", "candidate", "--remove", "-o", "json")).Ok().Json();
        Assert.Equal("baseline", removed.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Families_ListsTheTenantsFamilyWithProductionVersion()
    {
        using var tenant = new ServingTenant(engine);
        await tenant.ServeAsync();

        var families = (await engine.RunAsync(tenant.Tenant, "models", "families", "-o", "json")).Ok().Json();
        var recs = Assert.Single(families.EnumerateArray(), f => f.GetProperty("family").GetString() == "recs");
        Assert.Equal(1, recs.GetProperty("productionVersion").GetInt32());
        Assert.Equal(1, recs.GetProperty("latestVersion").GetInt32());
        var table = (await engine.RunAsync(tenant.Tenant, "models", "families")).Ok();
        Assert.Matches(@"recs\s+cli-\S+\s+v1\s+v1", table.Out);
    }

    [Theory]
    [InlineData("show", "recs", "zero")]
    [InlineData("show", "recs")]
    [InlineData("label", "recs", "1")]
    public async Task BadArguments_Usage(params string[] args)
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), ["models", .. args]);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task Show_UnknownVersion_NotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "models", "show", "recs", "9");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }
}
