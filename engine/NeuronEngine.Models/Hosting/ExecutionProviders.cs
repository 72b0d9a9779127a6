using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Decides once, at start, which execution provider serves models, and builds session options for it. Whether CUDA can
/// serve is asked of the build and the machine (<see cref="CudaProbe"/>): the CPU build has no CUDA provider at all; the
/// GPU build has one that needs the CUDA libraries, a driver and a device.
/// </summary>
/// <remarks>
/// <c>cpu</c> never probes; <c>auto</c> serves on CUDA when the probe succeeds, else on CPU with one log line naming why;
/// <c>cuda</c> without a working CUDA stops start-up with that reason (the options validator reports it first, with the
/// other configuration errors; the constructor's throw is for hosts that skip validation). A <c>cuda</c> request never
/// becomes a CPU run.
/// </remarks>
public sealed partial class ExecutionProviders
{
    private readonly InferenceOptions options;

    public ExecutionProviders(IOptions<InferenceOptions> options, ILogger<ExecutionProviders> logger)
        : this(options, logger, devicePathOnCpu: false)
    {
    }

    /// <param name="options">The <c>Inference</c> section.</param>
    /// <param name="logger">Where the fallback line goes.</param>
    /// <param name="devicePathOnCpu">Tests: serve on the CPU provider the way CUDA serves (<see cref="DevicePath"/>).</param>
    internal ExecutionProviders(IOptions<InferenceOptions> options, ILogger<ExecutionProviders> logger, bool devicePathOnCpu)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options.Value;
        var device = this.options.CudaDevice;
        UseCuda = this.options.Provider switch
        {
            "cpu" => false,
            "cuda" => CudaProbe.WhyNot(device) is { } why ? throw new NeuronException(ErrorKind.FailedPrecondition, CudaRequired(why)) : true,
            _ => CudaProbe.WhyNot(device) is not { } reason || FallBack(logger, reason),
        };
        DevicePath = UseCuda || devicePathOnCpu;
        if (UseCuda)
        {
            Log.ServingOnCuda(logger, this.options.Provider, device);
        }
    }

    /// <summary>True when sessions run on the CUDA execution provider (device <see cref="InferenceOptions.CudaDevice"/>).</summary>
    public bool UseCuda { get; }

    /// <summary>
    /// True when models are served the way a device serves them: the graph in the form the device runs best
    /// (<see cref="SignedActivations"/> for 8-bit products, which CUDA multiplies only as int8 × int8) and every inference
    /// through ONNX Runtime IO binding (<see cref="BoundInference"/>: the exclude mask stays on the device, only the
    /// history goes in and the top k comes out). Always with CUDA; never on CPU outside tests, where the exported graph
    /// is the fast one and the plain run already reads its inputs in place.
    /// </summary>
    internal bool DevicePath { get; }

    /// <summary>Session options for a served model (the caller disposes them with the session).</summary>
    public SessionOptions CreateSessionOptions()
    {
        var session = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = options.EnableMemoryArena,
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                "none" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        if (UseCuda)
        {
            CudaProbe.AppendTo(session, options.CudaDevice);
        }

        return session;
    }

    /// <summary>
    /// Pinned (page-locked) host memory on the serving device, for the inputs and outputs of IO-bound runs; null on CPU,
    /// where ONNX Runtime's own CPU allocator serves.
    /// </summary>
    internal OrtMemoryInfo? PinnedHostMemory() =>
        UseCuda ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA_PINNED, OrtAllocatorType.DeviceAllocator, options.CudaDevice, OrtMemType.CpuOutput) : null;

    /// <summary>The one message for <c>Provider=cuda</c> without CUDA, from the validator and from the constructor alike.</summary>
    internal static string CudaRequired(string why) =>
        $"{InferenceOptions.SectionName}:Provider=cuda but CUDA is not available ({why}); use auto or cpu, or run the GPU build on a machine with a GPU";

    private static bool FallBack(ILogger logger, string reason)
    {
        Log.CudaUnavailable(logger, reason);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "CudaUnavailable", Level = LogLevel.Information, Message = "Inference:Provider=auto: CUDA is not available ({Reason}); serving on CPU")]
        public static partial void CudaUnavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 2, EventName = "ServingOnCuda", Level = LogLevel.Information, Message = "Inference:Provider={Provider}: serving on CUDA device {Device}")]
        public static partial void ServingOnCuda(ILogger logger, string provider, int device);
    }
}
