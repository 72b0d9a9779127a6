using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Cli;

/// <summary>Several <c>--endpoint</c>s: the calls are balanced over them (here two names of the one test engine).</summary>
[Collection(CliCollection.Name)]
public sealed class MultiEndpointTests(CliEngine engine)
{
    [Fact]
    public async Task EventTypes_TwoEndpointsOfOneEngine_CreateThenListAcrossThem()
    {
        var tenant = CliEngine.NewTenant();
        var byName = engine.Endpoint.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        string[] endpoints = ["--tenant", tenant, "-e", $"{engine.Endpoint},{byName}"];

        (await CliRunner.RunAsync(["event-types", "create", "click", "--weight", "3", .. endpoints])).Ok();
        var listed = (await CliRunner.RunAsync(["event-types", "list", "-o", "json", "-e", engine.Endpoint, "--endpoint", byName, "--tenant", tenant])).Ok().Json();

        Assert.Equal("click", Assert.Single(listed.EnumerateArray()).GetProperty("type").GetString());
    }
}
