using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Decides once, at start, which execution provider serves models, and builds session options for it. The CPU build
/// links the CPU-only native runtime: asking it for CUDA fails, and that failure is what <c>auto</c> falls back on.
/// </summary>
public sealed partial class ExecutionProviders
{
    private readonly InferenceOptions options;

    public ExecutionProviders(IOptions<InferenceOptions> options, ILogger<ExecutionProviders> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        UseCuda = this.options.Provider switch
        {
            "cpu" => false,
            "cuda" => ProbeCuda(out var why) ? true : throw new NeuronException(ErrorKind.FailedPrecondition,
                $"Inference:Provider=cuda but CUDA is not available ({why}); use auto or cpu, or run the GPU build on a machine with a GPU"),
            _ => ProbeCuda(out var reason) || FallBack(logger, reason),
        };
    }

    /// <summary>True when sessions append the CUDA execution provider.</summary>
    public bool UseCuda { get; }

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
            session.AppendExecutionProvider_CUDA();
        }

        return session;
    }

    /// <summary>Whether this build and machine can run the CUDA execution provider; when not, why.</summary>
    public static bool IsCudaAvailable(out string reason) => ProbeCuda(out reason);

    private static bool ProbeCuda(out string reason)
    {
        try
        {
            using var probe = new SessionOptions();
            probe.AppendExecutionProvider_CUDA();
            reason = "";
            return true;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            reason = ex.Message.Split('\n')[0];
            return false;
        }
    }

    private static bool FallBack(ILogger logger, string reason)
    {
        Log.CudaUnavailable(logger, reason);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "CudaUnavailable", Level = LogLevel.Information, Message = "Inference:Provider=auto: CUDA is not available ({Reason}); serving on CPU")]
        public static partial void CudaUnavailable(ILogger logger, string reason);
    }
}
