using NeuronEngine.Core;
namespace NeuronEngine.Models.Hosting;

/// <summary>ONNX Runtime settings for every served model. Bound from the <c>Inference</c> section.</summary>
public sealed class InferenceOptions : IValidatedOptions
{
    public const string SectionName = "Inference";

    /// <summary>
    /// <c>auto</c> (default: CUDA when the GPU build and a GPU are present, else CPU with one log line),
    /// <c>cpu</c>, or <c>cuda</c> (start-up fails with a clear error when CUDA is not available).
    /// </summary>
    public string Provider { get; set; } = "auto";

    /// <summary>
    /// The CUDA device (ordinal, as <c>nvidia-smi</c> lists them) that serves when the provider is CUDA. Default 0; 0-63.
    /// </summary>
    public int CudaDevice { get; set; }

    /// <summary>
    /// Threads one inference may use. Default 1: under load a second thread doubles the CPU an inference takes (the final
    /// product is bound by memory and arithmetic, not parallel slack) and starves the request threads — measured at
    /// 1,000 Recommend/s on 2 cores: ping p99 107 ms with 2, 12 ms with 1, Recommend p99 unchanged. An idle engine
    /// answers one call faster with 2, so raise it for latency at low load on larger machines.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Whether idle intra-op threads spin waiting for work. Default false: measured on 2 cores (100k × 64 items,
    /// batch 1, 2 threads), spinning gave p50 797 µs / p90 1,256 µs against 743 µs / 819 µs without, because spinning
    /// threads take the cores the gRPC threads need.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>ONNX Runtime's CPU memory arena. Default true.</summary>
    public bool EnableMemoryArena { get; set; } = true;

    /// <summary><c>all</c> (default), <c>extended</c>, <c>basic</c> or <c>none</c>.</summary>
    public string GraphOptimization { get; set; } = "all";

    /// <summary>Inferences run on a new model before it takes traffic. Default 3.</summary>
    public int WarmupRuns { get; set; } = 3;

    /// <summary>
    /// Rows of the one full-size warm-up inference (each with the manifest's whole history length), run before a new
    /// model takes traffic so ONNX Runtime's memory arena already holds the largest batch serving will ask for: the
    /// first batched calls after a hot swap then reuse memory instead of allocating and faulting in fresh pages.
    /// Default 16 (<c>Recommend:Batching:MaxBatch</c>'s default); 0 skips it.
    /// </summary>
    public int WarmupBatch { get; set; } = 16;

    /// <summary>
    /// How long one inference (one Recommend batch) may run before ONNX Runtime is told to stop it
    /// (<c>RunOptions.Terminate</c>); the calls in it then fail with UNAVAILABLE and the model serves the next batch as
    /// usual, so one slow or hostile model cannot hold the inference threads. Default 2 s, about a thousand times a
    /// normal batch (0.7 ms for 100k × 64 items); 1 ms to 10 min. A run is stopped up to a quarter of the shortest of
    /// this and <see cref="CheckTimeout"/> (at least 10 ms, at most 1 s) after its deadline.
    /// </summary>
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The same limit for each inference a model check runs: the contract check at registration and load, and the
    /// warm-up (whose full batch is larger than most served ones). A model that passes none within it is refused.
    /// Default 30 s; 1 ms to 1 h.
    /// </summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every broken rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Provider is not ("auto" or "cpu" or "cuda"))
        {
            errors.Add($"{SectionName}:Provider must be auto, cpu or cuda (got \"{Provider}\")");
        }

        if (CudaDevice is < 0 or > 63)
        {
            errors.Add($"{SectionName}:CudaDevice must be 0-63 (got {CudaDevice})");
        }

        if (IntraOpThreads is < 1 or > 256)
        {
            errors.Add($"{SectionName}:IntraOpThreads must be 1-256 (got {IntraOpThreads})");
        }

        if (GraphOptimization is not ("all" or "extended" or "basic" or "none"))
        {
            errors.Add($"{SectionName}:GraphOptimization must be all, extended, basic or none (got \"{GraphOptimization}\")");
        }

        if (WarmupBatch is < 0 or > 256)
        {
            errors.Add($"{SectionName}:WarmupBatch must be 0-256 (got {WarmupBatch})");
        }

        if (WarmupRuns is < 0 or > 100)
        {
            errors.Add($"{SectionName}:WarmupRuns must be 0-100 (got {WarmupRuns})");
        }

        if (RunTimeout < TimeSpan.FromMilliseconds(1) || RunTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{SectionName}:RunTimeout must be 1 ms to 10 min (got {RunTimeout})");
        }

        if (CheckTimeout < TimeSpan.FromMilliseconds(1) || CheckTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:CheckTimeout must be 1 ms to 1 h (got {CheckTimeout})");
        }

        return errors;
    }
}
