using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>The CPU build has no CUDA provider: these pin the fallback and the refusal that every build must have.</summary>
public sealed class ExecutionProvidersTests
{
    [Fact]
    public void Auto_WithoutCuda_FallsBackToCpuWithOneLogLine()
    {
        var logger = new RecordingLogger<ExecutionProviders>();
        var providers = new ExecutionProviders(Options.Create(new InferenceOptions { Provider = "auto" }), logger);
        Assert.False(providers.UseCuda);
        var line = Assert.Single(logger.Lines).Message;
        Assert.Contains("CUDA is not available", line, StringComparison.Ordinal);
        Assert.Contains("serving on CPU", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_WithoutCuda_FailsWithClearError()
    {
        var ex = Assert.Throws<NeuronException>(() => new ExecutionProviders(Options.Create(new InferenceOptions { Provider = "cuda" }), new RecordingLogger<ExecutionProviders>()));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("Inference:Provider=cuda but CUDA is not available", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_NoProbeNoLogLine()
    {
        var logger = new RecordingLogger<ExecutionProviders>();
        Assert.False(new ExecutionProviders(Options.Create(new InferenceOptions { Provider = "cpu" }), logger).UseCuda);
        Assert.Empty(logger.Lines);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("CPU")]
    public void Validate_UnknownProvider_Error(string provider) =>
        Assert.Contains(new InferenceOptions { Provider = provider }.Validate(), e => e.StartsWith("Inference:Provider", StringComparison.Ordinal));

    [Theory]
    [InlineData(-1)]
    [InlineData(257)]
    public void Validate_WarmupBatchOutOfRange_Error(int batch) =>
        Assert.Contains($"Inference:WarmupBatch must be 0-256 (got {batch})", new InferenceOptions { WarmupBatch = batch }.Validate());
}
