using Microsoft.Extensions.Options;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Operations.Configuration;

/// <summary>
/// What the engine refuses to start on, in-process: switches it does not take and keys no option has, named together
/// with every other problem; and what it must keep accepting.
/// </summary>
public sealed class ConfigurationCheckTests
{
    [Fact]
    public void Build_UnknownSwitchesAndKeys_NamesEveryOne()
    {
        using var data = new TempDirectory("config-unknown");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(
            ["--port", "0", "--data-dir", data.Path, "--authz", "required", "--durabilty=none", "-x", "-port", "1", "stray", "--repair-log"]));

        Assert.Contains(ex.Failures, f => f.StartsWith("unknown option --authz", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("unknown option --durabilty", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("unknown option -x", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("unknown option -port", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("unexpected argument \"stray\"", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f == "option --repair-log needs a value");
    }

    [Fact]
    public void Build_KeysNoOptionHas_NamesEachWithTheSectionsSettings()
    {
        using var data = new TempDirectory("config-keys");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(
            ["--port", "0", "--data-dir", data.Path, "--EventLog:Durabilty", "none", "--Recommend:Bathcing:MaxBatch", "4", "--Engine:MaxBatchEvents", "0"]));

        Assert.Contains(ex.Failures, f => f.StartsWith("EventLog:Durabilty is not a setting", StringComparison.Ordinal) && f.Contains("Durability", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Recommend:Bathcing is not a setting", StringComparison.Ordinal) && f.Contains("Batching", StringComparison.Ordinal));

        // The validators' own rules are named in the same list.
        Assert.Contains(ex.Failures, f => f.Contains("Engine:MaxBatchEvents", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_TrainerKeysTheEngineDoesNotHave_AcceptedForTheTrainer()
    {
        using var data = new TempDirectory("config-trainer");

        // The sidecar inherits the engine's configuration: its recipe and split settings live in the Trainer section too.
        using var app = EngineHost.Build(
            ["--port", "0", "--data-dir", data.Path, "--trainer", "off", "--Trainer:PooledHistory:Dimensions", "32", "--Trainer:OtlpEndpoint", "http://collector:4317"]);

        Assert.NotNull(app);
    }

    [Fact]
    public void Build_UnknownTrainerDevice_RefusedBeforeAnyTrainerStarts()
    {
        using var data = new TempDirectory("config-device");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(
            ["--port", "0", "--data-dir", data.Path, "--Trainer:Device", "gpu"]));

        Assert.Contains("Trainer:Device must be auto, cpu, cuda or cuda:N (got \"gpu\")", ex.Failures);
    }

    [Fact]
    public void Build_RefusedRetryDelayNotAboveZero_Refused()
    {
        using var data = new TempDirectory("config-refused-retry");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(
            ["--port", "0", "--data-dir", data.Path, "--Trainer:RefusedRetryDelay", "00:00:00"]));

        Assert.Contains(ex.Failures, f => f.StartsWith("Trainer:RefusedRetryDelay must be above 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_TwoBadSections_EachNamedOnce()
    {
        using var data = new TempDirectory("config-two");

        var ex = Assert.Throws<OptionsValidationException>(() => EngineHost.Build(
            ["--port", "70000", "--data-dir", data.Path, "--durability", "sometimes"]));

        Assert.Single(ex.Failures, f => f.Contains("Engine:Port", StringComparison.Ordinal));
        Assert.Single(ex.Failures, f => f.Contains("EventLog:Durability", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_EveryMappedSwitchAndSectionKeys_Accepted()
    {
        using var data = new TempDirectory("config-known");

        await using var app = EngineHost.Build(
        [
            "--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--durability", "none", "--repair-log", "false",
            "--trainer", "off", "--metrics-port", "0", "--log-format", "json", "--EventLog:Durability=none",
            "--Recommend:Batching:MaxBatch", "4", "--Training:LeaseSeconds", "30", "--environment", "Production",
            "--Data-Dir", data.Path, "/durability", "none", "Engine:MaxBatchEvents=500",
        ]);

        Assert.NotNull(app);
    }
}
