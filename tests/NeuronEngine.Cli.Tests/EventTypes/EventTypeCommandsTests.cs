using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.EventTypes;

[Collection(CliCollection.Name)]
public sealed class EventTypeCommandsTests(CliEngine engine)
{
    [Fact]
    public async Task CreateListUpdateDelete_RoundTrip_PrintsAndStores()
    {
        var tenant = CliEngine.NewTenant();
        var created = (await engine.RunAsync(tenant, "event-types", "create", "purchase", "--weight", "40", "--name", "Purchase")).Ok();
        Assert.Contains("purchase", created.Out, StringComparison.Ordinal);

        (await engine.RunAsync(tenant, "event-types", "update", "purchase", "--weight", "60")).Ok();
        var listed = (await engine.RunAsync(tenant, "event-types", "list", "--output", "json")).Ok().Json();
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal("purchase", only.GetProperty("type").GetString());
        Assert.Equal("Purchase", only.GetProperty("name").GetString());
        Assert.Equal(60, only.GetProperty("weight").GetInt32());

        (await engine.RunAsync(tenant, "event-types", "delete", "purchase")).Ok();
        var after = (await engine.RunAsync(tenant, "event-types", "list", "-o", "json")).Ok().Json();
        Assert.Equal(0, after.GetArrayLength());
    }

    [Fact]
    public async Task Create_WeightOutOfRange_PrintsOneLineAndExitsRefused()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "event-types", "create", "click", "--weight", "500");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("neuron: INVALID_ARGUMENT: ", line, StringComparison.Ordinal);
        Assert.Contains("weight", line, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Get_Missing_ExitsRefusedWithNotFound()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "event-types", "get", "nope");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("neuron: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutWeight_IsUsageError()
    {
        var result = await engine.RunAsync(CliEngine.NewTenant(), "event-types", "create", "click");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--weight", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 20: the line was "neuron: UNAVAILABLE: Error connecting to subchannel.", naming neither the address nor what
    /// to do.
    /// </summary>
    [Fact]
    public async Task AnyCommand_EngineNotListening_ExitsUnreachableNamingTheAddressAndWhatToDo()
    {
        var result = await CliRunner.RunAsync(["event-types", "list", "--endpoint", "http://127.0.0.1:1", "--timeout", "5s"]);
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("neuron: UNAVAILABLE: cannot connect to http://127.0.0.1:1 (Connection refused): ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--endpoint or NEURON_ENDPOINT", result.Error, StringComparison.Ordinal);
    }
}
