using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>
/// These machines have no GPU, so CUDA is missing in both builds — for different reasons: the CPU build has no CUDA
/// provider, the GPU build (-p:NeuronGpu=true, run by .ci/run) has one whose CUDA libraries are not installed. These pin
/// the fallback and the refusal every build must have, and that the reason names what is missing in each.
/// </summary>
public sealed class ExecutionProvidersTests
{
    private static string MissingPart => BuildFlavour.CudaMissingReason;

    [Fact]
    public void Auto_WithoutCuda_FallsBackToCpuWithOneLogLineNamingWhy()
    {
        var logger = new RecordingLogger<ExecutionProviders>();
        var providers = new ExecutionProviders(Options.Create(new InferenceOptions { Provider = "auto" }), logger);
        Assert.False(providers.UseCuda);
        Assert.False(providers.DevicePath);
        var line = Assert.Single(logger.Lines).Message;
        Assert.Contains("CUDA is not available", line, StringComparison.Ordinal);
        Assert.Contains(MissingPart, line, StringComparison.Ordinal);
        Assert.Contains("serving on CPU", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_WithoutCuda_FailsWithClearErrorNamingWhy()
    {
        var ex = Assert.Throws<NeuronException>(() => new ExecutionProviders(Options.Create(new InferenceOptions { Provider = "cuda" }), new RecordingLogger<ExecutionProviders>()));
        Assert.Equal(ErrorKind.FailedPrecondition, ex.Kind);
        Assert.Contains("Inference:Provider=cuda but CUDA is not available", ex.Message, StringComparison.Ordinal);
        Assert.Contains(MissingPart, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildHasCuda_OnlyInTheGpuBuild() => Assert.Equal(BuildFlavour.IsGpu, CudaProbe.BuildHasCuda);

    [Fact]
    public void Validator_CudaWithoutCuda_FailsWithTheSameMessage()
    {
        var services = new ServiceCollection().AddNeuronModels();
        services.Configure<InferenceOptions>(o => o.Provider = "cuda");
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InferenceOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.StartsWith("Inference:Provider=cuda but CUDA is not available (", StringComparison.Ordinal) && f.Contains(MissingPart, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64)]
    public void Validate_CudaDeviceOutOfRange_Error(int device) =>
        Assert.Contains($"Inference:CudaDevice must be 0-63 (got {device})", new InferenceOptions { CudaDevice = device }.Validate());

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
