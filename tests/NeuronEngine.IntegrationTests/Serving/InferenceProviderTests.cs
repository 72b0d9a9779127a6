using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.IntegrationTests.Recovery;
using NeuronEngine.Testing;
using Xunit.Abstractions;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Serving;

/// <summary>
/// The engine process on a machine without CUDA, in whichever build these tests were built against (.ci/run runs them on
/// the CPU build and again on the GPU build): <c>auto</c> serves on CPU after one line saying why; <c>cuda</c> refuses to
/// start, naming what is missing, and never serves on CPU.
/// </summary>
[Collection(ProcessTests.Name)]
public sealed class InferenceProviderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_ProviderAutoWithoutCuda_OneLineNamingWhyThenRecommendsOnCpu()
    {
        using var data = new TempDirectory("provider-auto");
        using var scratch = new TempDirectory("provider-auto-artifacts");
        await using var engine = await EngineProcess.StartAsync(data.Path, output, "--Inference:Provider", "auto");
        using var c = new EngineClients(engine.Address, "shop");
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch(Event("u1", PlantedModels.ItemId(6)))).Within();
        var version = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();

        var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1", Count = 5 }).Within();

        // Item 6 is in cluster 2 of the planted model; the user has seen it.
        Assert.Equal(PlantedModels.Expected(40, 4, 2, 5, [PlantedModels.ItemId(6)]), response.Items.Select(i => i.ItemId));
        var line = Assert.Single(engine.Lines, l => l.Contains("CUDA", StringComparison.Ordinal));
        Assert.Contains("Inference:Provider=auto: CUDA is not available (", line, StringComparison.Ordinal);
        Assert.Contains(BuildFlavour.CudaMissingReason, line, StringComparison.Ordinal);
        Assert.Contains("serving on CPU", line, StringComparison.Ordinal);

        // ONNX Runtime's own error line for the failed probe stays out of the log.
        Assert.DoesNotContain(engine.Lines, l => l.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase) && l.Contains("[E:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ProviderCudaWithoutCuda_ExitCode2NamingWhyBeforeServing()
    {
        using var data = new TempDirectory("provider-cuda");
        await using var engine = EngineProcess.Launch(data.Path, output, "--Inference:Provider", "cuda");
        Assert.Equal(2, await engine.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(engine.Lines, l => l.Contains("invalid configuration", StringComparison.Ordinal));
        Assert.Contains("Inference:Provider=cuda but CUDA is not available (", line, StringComparison.Ordinal);
        Assert.Contains(BuildFlavour.CudaMissingReason, line, StringComparison.Ordinal);
        Assert.DoesNotContain(engine.Lines, l => l.Contains("serving on CPU", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }
}
