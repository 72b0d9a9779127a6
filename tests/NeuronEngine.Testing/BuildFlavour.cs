namespace NeuronEngine.Testing;

/// <summary>
/// Which ONNX Runtime the tests were built against: the CPU package (the default), or the CUDA package of the GPU build
/// (<c>-p:NeuronGpu=true</c>, built into <c>bin/gpu</c>; .ci/run runs the serving tests on it).
/// </summary>
public static class BuildFlavour
{
#if NEURON_GPU
    public const bool IsGpu = true;
#else
    public const bool IsGpu = false;
#endif

    /// <summary>The folder under a project that holds this flavour's build outputs.</summary>
    public static string OutputFolder => IsGpu ? Path.Combine("bin", "gpu") : "bin";

    /// <summary>
    /// What the reason for missing CUDA names on these GPU-less machines: in the CPU build that the build has no CUDA
    /// provider; in the GPU build the CUDA library the dynamic loader could not find.
    /// </summary>
    public static string CudaMissingReason => IsGpu ? "libonnxruntime_providers_cuda.so cannot be loaded: lib" : "this is the CPU build";
}
