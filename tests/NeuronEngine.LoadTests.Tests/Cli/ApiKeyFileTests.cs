using Microsoft.Extensions.Logging;
using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Reports;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;
using Xunit.Abstractions;

namespace NeuronEngine.LoadTests.Tests.Cli;

/// <summary>The generator against an engine that takes no call without a key, as a remote engine would (<c>--auth required</c>).</summary>
public sealed class ApiKeyFileTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SetupAndRecommend_ApiKeyFile_NoErrorsWithoutAKeyRefused()
    {
        using var data = new TempDirectory("loadtests-auth");
        await using var app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", "--auth", "required"],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(Timeout);
        var address = EngineHost.GetAddresses(app).Single();
        var keyFile = Path.Combine(data.Path, "operator.key");
        string[] setup = ["setup", "--target", address, "--tenant", "keyed", "--items", "50", "--users", "20", "--events", "200", "--dimensions", "4"];

        using (var refused = new StringWriter())
        {
            Assert.Equal(2, await LoadTestCommand.RunAsync(setup, refused).WaitAsync(Timeout));
            Assert.Contains("Unauthenticated", refused.ToString(), StringComparison.Ordinal);
        }

        using (var output = new StringWriter())
        {
            Assert.Equal(0, await LoadTestCommand.RunAsync([.. setup, "--api-key-file", keyFile], output).WaitAsync(Timeout));
        }

        var outDir = data.Combine("report");
        using var run = new StringWriter();
        var exit = await LoadTestCommand.RunAsync(
            ["recommend", "--target", address, "--tenant", "keyed", "--items", "50", "--users", "20", "--rate", "20", "--duration", "1", "--warmup", "0",
                "--ping-rate", "0", "--probe-rate", "0", "--out", outDir, "--api-key-file", keyFile],
            run).WaitAsync(Timeout);
        log.WriteLine(run.ToString());
        var report = ReportJson.Read(Path.Combine(outDir, "report.json"));
        Assert.True(exit is 0 or 1, $"exit {exit}");
        Assert.Equal(0, report.Errors);
        Assert.DoesNotContain(File.ReadAllText(keyFile).Trim(), File.ReadAllText(Path.Combine(outDir, "report.json")), StringComparison.Ordinal);
        await app.StopAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Recommend_ApiKeyFileMissing_UsageErrorNamingIt()
    {
        using var output = new StringWriter();

        var exit = await LoadTestCommand.RunAsync(["recommend", "--api-key-file", "/nonexistent/neuron.key"], output).WaitAsync(Timeout);

        Assert.Equal(2, exit);
        Assert.StartsWith("--api-key-file: cannot read /nonexistent/neuron.key", output.ToString(), StringComparison.Ordinal);
    }
}
