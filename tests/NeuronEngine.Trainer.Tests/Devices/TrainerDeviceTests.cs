using NeuronEngine.Core;
using NeuronEngine.Trainer.Devices;
using TorchSharp;

namespace NeuronEngine.Trainer.Tests.Devices;

/// <summary>The device choice against what TorchSharp could report; these machines have no GPU, so CUDA is simulated.</summary>
public sealed class TrainerDeviceTests
{
    private static readonly TorchCuda CpuPackage = new(0, BuiltWithCuda: false);
    private static readonly TorchCuda CudaPackageNoGpu = new(0, BuiltWithCuda: true);
    private static readonly TorchCuda TwoGpus = new(2, BuiltWithCuda: true);

    [Fact]
    public void TryChoose_AutoWithTheCpuPackage_TrainsOnTheCpuAndSaysWhy()
    {
        Assert.True(TrainerDevice.TryChoose(TrainingDevice.Auto, CpuPackage, out var chosen, out _));

        Assert.Equal(DeviceType.CPU, chosen.Device.type);
        Assert.Equal("cpu (auto: this trainer is built with the CPU libtorch package)", chosen.Reason);
    }

    [Fact]
    public void TryChoose_AutoWithGpus_TakesTheFirst()
    {
        Assert.True(TrainerDevice.TryChoose(TrainingDevice.Auto, TwoGpus, out var chosen, out _));

        Assert.Equal(DeviceType.CUDA, chosen.Device.type);
        Assert.Equal(0, chosen.Device.index);
        Assert.Equal("cuda:0 (auto: TorchSharp finds 2 CUDA devices)", chosen.Reason);
    }

    [Fact]
    public void TryChoose_AutoWithTheCudaPackageButNoGpu_TrainsOnTheCpu()
    {
        Assert.True(TrainerDevice.TryChoose(TrainingDevice.Auto, CudaPackageNoGpu, out var chosen, out _));

        Assert.Equal(DeviceType.CPU, chosen.Device.type);
        Assert.Equal("cpu (auto: TorchSharp finds no CUDA device)", chosen.Reason);
    }

    [Fact]
    public void TryChoose_CudaWithTheCpuPackage_RefusedNamingThePackageAndTheSwitch()
    {
        Assert.False(TrainerDevice.TryChoose(TrainingDevice.Cuda(0), CpuPackage, out _, out var error));

        Assert.StartsWith("Trainer:Device is cuda:0, but this trainer is built with the CPU libtorch package (TorchSharp-cpu)", error, StringComparison.Ordinal);
        Assert.Contains("-p:NeuronTorchBackend=cuda", error, StringComparison.Ordinal);
        Assert.Contains("--device auto or cpu", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryChoose_CudaWithoutAGpu_RefusedNamingWhatToCheck()
    {
        Assert.False(TrainerDevice.TryChoose(TrainingDevice.Cuda(0), CudaPackageNoGpu, out _, out var error));

        Assert.StartsWith("Trainer:Device is cuda:0, but TorchSharp finds no CUDA device", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryChoose_CudaIndexPastTheLastGpu_RefusedNamingTheRange()
    {
        Assert.False(TrainerDevice.TryChoose(TrainingDevice.Cuda(2), TwoGpus, out _, out var error));

        Assert.Equal("Trainer:Device is cuda:2, but TorchSharp finds 2 CUDA devices (cuda:0 to cuda:1)", error);
    }

    [Fact]
    public void TryChoose_CudaIndexThatExists_TakesIt()
    {
        Assert.True(TrainerDevice.TryChoose(TrainingDevice.Cuda(1), TwoGpus, out var chosen, out _));

        Assert.Equal(1, chosen.Device.index);
    }

    [Fact]
    public void TryChoose_CpuWithGpus_StaysOnTheCpu()
    {
        Assert.True(TrainerDevice.TryChoose(TrainingDevice.Cpu, TwoGpus, out var chosen, out _));

        Assert.Equal(DeviceType.CPU, chosen.Device.type);
    }

    /// <summary>This build carries TorchSharp-cpu: TorchSharp's own detection says no CUDA, without throwing.</summary>
    [Fact]
    public void Detect_ThisBuild_FindsNoCudaAndKnowsItsPackage()
    {
        var probe = TorchCuda.Detect();

        Assert.Equal(0, probe.Devices);
        Assert.False(probe.BuiltWithCuda);
    }
}
