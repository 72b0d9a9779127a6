using System.Reflection;
using TorchSharp;

namespace NeuronEngine.Trainer.Devices;

/// <summary>
/// What TorchSharp finds of CUDA in this process, and whether the trainer was built with the CUDA libtorch package (not
/// the engine's ONNX Runtime CUDA check: the trainer trains with TorchSharp, the engine serves with ONNX Runtime).
/// </summary>
/// <param name="Devices">TorchSharp's <c>torch.cuda.device_count()</c>; 0 when <c>torch.cuda.is_available()</c> says no.</param>
/// <param name="BuiltWithCuda">True when the build's <c>NeuronTorchBackend</c> (the trainer's csproj) is <c>cuda</c>.</param>
internal readonly record struct TorchCuda(int Devices, bool BuiltWithCuda)
{
    /// <summary>True when this trainer was built with the CUDA libtorch package.</summary>
    public static bool ThisBuildHasCuda { get; } =
        typeof(TorchCuda).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NeuronTorchBackend")?.Value == "cuda";

    /// <summary>Asks TorchSharp. With the CPU package its CUDA backend is absent and the answer is simply no.</summary>
    public static TorchCuda Detect() => new(torch.cuda.is_available() ? torch.cuda.device_count() : 0, ThisBuildHasCuda);
}
