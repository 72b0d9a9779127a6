using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Finds out whether the CUDA execution provider can serve on a device, and if not, why in words an operator can act
/// on: the build has no CUDA provider, a CUDA library is missing (named), or the driver or device refused. The answer
/// is the same for the life of the process, so it is worked out once per device.
/// </summary>
/// <remarks>
/// The probe runs a one-node model on the device, so a missing device, a driver too old for the runtime or a GPU the
/// kernels were not built for fail here rather than at the first model load. ONNX Runtime's own log is raised to
/// fatal-only while it runs: otherwise each failure also prints ONNX Runtime's error line on stderr, and <c>auto</c>'s
/// fallback would be two lines instead of one.
/// </remarks>
internal static class CudaProbe
{
    /// <summary>The CUDA provider's library in the GPU build's ONNX Runtime package.</summary>
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    private const string CudaProvider = "CUDAExecutionProvider";

    private static readonly ConcurrentDictionary<int, string> Answers = new();
    private static readonly long[] ProbeShape = [1];
    private static readonly string[] ProbeInput = ["x"];
    private static readonly string[] ProbeOutput = ["y"];

    /// <summary>True when this build's ONNX Runtime has the CUDA provider compiled in (the GPU build).</summary>
    public static bool BuildHasCuda { get; } = OrtEnv.Instance().GetAvailableProviders().Contains(CudaProvider, StringComparer.Ordinal);

    /// <summary>Why CUDA cannot serve on <paramref name="device"/>; null when it can.</summary>
    public static string? WhyNot(int device)
    {
        var answer = Answers.GetOrAdd(device, Probe);
        return answer.Length == 0 ? null : answer;
    }

    private static string Probe(int device)
    {
        if (!BuildHasCuda)
        {
            return "this is the CPU build: its ONNX Runtime has no CUDA execution provider; build with -p:NeuronGpu=true";
        }

        var env = OrtEnv.Instance();
        var level = env.EnvLogLevel;
        env.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            RunOnDevice(device);
            return "";
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException
            or BadImageFormatException or InvalidOperationException or TypeInitializationException)
        {
            // "Failed to load shared library" is all ONNX Runtime says: the loader's own error names the missing file.
            return WhyProviderWillNotLoad() ?? $"CUDA device {device}: {ModelLoader.FirstLine(ex.Message)}";
        }
        finally
        {
            env.EnvLogLevel = level;
        }
    }

    private static void RunOnDevice(int device)
    {
        var b = new OnnxGraphBuilder("cuda_probe");
        var x = b.AddInput("x", OnnxElementType.Float, 1);
        b.Add(x, x, "y");
        b.AddOutput("y", OnnxElementType.Float, 1);
        using var options = new SessionOptions();
        AppendTo(options, device);
        using var session = new InferenceSession(b.ToArray(), options);
        using var input = OrtValue.CreateTensorValueFromMemory(new float[1], ProbeShape);
        using var runOptions = new RunOptions();
        using var output = session.Run(runOptions, ProbeInput, [input], ProbeOutput);
    }

    /// <summary>
    /// Appends the CUDA provider on <paramref name="device"/> as served models get it (the probe runs the same, so an
    /// option this ONNX Runtime refuses fails the probe, not the first load). TF32 is off: a [batch, dimensions] ×
    /// [dimensions, items] product at serving batch sizes is bound by reading the item table, not by arithmetic, so
    /// TF32's 10-bit mantissas would cost the float path its agreement with the CPU and buy nothing.
    /// </summary>
    public static void AppendTo(SessionOptions session, int device)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = device.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["use_tf32"] = "0",
        });
        session.AppendExecutionProvider_CUDA(cuda);
    }

    /// <summary>
    /// The dynamic loader's reason the provider library cannot be loaded (a missing <c>libcudart</c>, <c>libcublasLt</c>,
    /// <c>libcudnn</c> …), or that it is not beside <c>libonnxruntime.so</c>; null when it loads.
    /// </summary>
    private static string? WhyProviderWillNotLoad()
    {
        var path = FindProviderLibrary();
        if (path is null)
        {
            return $"{ProviderLibrary} is not beside libonnxruntime.so in {AppContext.BaseDirectory}";
        }

        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null;
        }
        catch (DllNotFoundException ex)
        {
            // .NET's message ends with the loader's line: "libcublasLt.so.13: cannot open shared object file: …".
            var loader = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            return $"{ProviderLibrary} cannot be loaded: {loader}";
        }
    }

    /// <summary>Where the build put the provider: beside the app when published for a runtime, under runtimes/ when not.</summary>
    private static string? FindProviderLibrary()
    {
        var architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        string[] folders = [AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{architecture}", "native")];
        return folders.Select(f => Path.Combine(f, ProviderLibrary)).FirstOrDefault(File.Exists);
    }
}
