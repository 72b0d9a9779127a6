using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>A real loader and host (ONNX Runtime on CPU) for tests.</summary>
internal static class ModelTestHost
{
    /// <param name="provider">The <c>Inference:Provider</c>.</param>
    /// <param name="configure">Other settings.</param>
    /// <param name="devicePath">Serve the way CUDA serves (its graph form, IO binding), on the CPU provider.</param>
    public static ModelLoader Loader(string provider = "cpu", Action<InferenceOptions>? configure = null, bool devicePath = false)
    {
        var settings = new InferenceOptions { Provider = provider, IntraOpThreads = 1, WarmupRuns = 1 };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        return new ModelLoader(new ExecutionProviders(options, NullLogger<ExecutionProviders>.Instance, devicePath), options, NullLogger<ModelLoader>.Instance);
    }

    public static ModelHost Host() => new(Loader(), NullLogger<ModelHost>.Instance);
}
