using System.Reflection;
using TorchSharp;

namespace NeuronEngine.Trainer.Devices;

/// <summary>What TorchSharp finds of CUDA in this process, and which libtorch package the trainer was built with.</summary>
/// <param name="Available">TorchSharp's <c>torch.cuda.is_available()</c>.</param>
/// <param name="Devices">TorchSharp's <c>torch.cuda.device_count()</c> (0 when CUDA is not available).</param>
/// <param name="Backend"><c>cpu</c> or <c>cuda</c>: the build's <c>NeuronTorchBackend</c> (the trainer's csproj).</param>
internal readonly record struct CudaProbe(bool Available, int Devices, string Backend)
{
    /// <summary>The libtorch package this trainer was built with.</summary>
    public static string BuiltBackend { get; } =
        typeof(CudaProbe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NeuronTorchBackend")?.Value ?? "cpu";

    /// <summary>Asks TorchSharp. With the CPU package its CUDA backend is absent and the answer is simply no.</summary>
    public static CudaProbe Detect()
    {
        var available = torch.cuda.is_available();
        return new CudaProbe(available, available ? torch.cuda.device_count() : 0, BuiltBackend);
    }
}
