using System.Net;
using System.Net.Sockets;
using NeuronEngine.Cli.Tests.Fixtures;

namespace NeuronEngine.Cli.Tests.Health;

[Collection(CliCollection.Name)]
public sealed class HealthCommandTests(CliEngine engine)
{
    [Fact]
    public async Task Health_ReadyEngine_PrintsServingAndExitsZero()
    {
        var result = (await CliRunner.RunAsync(["health", "-e", engine.Endpoint])).Ok();

        Assert.Equal($"{engine.Endpoint}  SERVING", result.Out.Trim());
    }

    [Fact]
    public async Task Health_OneOfTwoEndpointsUnreachable_ExitsOneNamingEach()
    {
        var closed = ClosedPort();

        var result = await CliRunner.RunAsync(["health", "-e", $"{engine.Endpoint},{closed}", "--timeout", "10s"]);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(engine.Endpoint, lines[0], StringComparison.Ordinal);
        Assert.EndsWith("SERVING", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(closed, lines[1], StringComparison.Ordinal);
        Assert.Contains("UNAVAILABLE", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Json_OneEntryPerEndpoint()
    {
        var closed = ClosedPort();

        var result = await CliRunner.RunAsync(["health", "-e", engine.Endpoint, "-e", closed, "-o", "json"]);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var entries = result.Json().EnumerateArray().ToList();
        Assert.Equal((engine.Endpoint, "SERVING"), (entries[0].GetProperty("endpoint").GetString(), entries[0].GetProperty("status").GetString()));
        Assert.Equal(closed, entries[1].GetProperty("endpoint").GetString());
        Assert.Null(entries[1].GetProperty("status").GetString());
        Assert.StartsWith("UNAVAILABLE", entries[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_LivenessService_Serving()
    {
        var result = (await CliRunner.RunAsync(["health", "-e", engine.Endpoint, "--service", "liveness"])).Ok();

        Assert.EndsWith("SERVING", result.Out.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ServiceTheEngineDoesNotHave_ExitsOne()
    {
        var result = await CliRunner.RunAsync(["health", "-e", engine.Endpoint, "--service", "no.such.Service"]);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.DoesNotContain(" SERVING", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_EndpointNotAUri_UsageErrorExitsTwo()
    {
        var result = await CliRunner.RunAsync(["health", "-e", "localhost:7070"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("neuron: --endpoint", result.Error, StringComparison.Ordinal);
    }

    /// <summary>An address on loopback nothing listens on.</summary>
    private static string ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
