using System.Globalization;

namespace NeuronEngine.Trainer.Runs;

/// <summary>How the run executor evaluates and checks a run.</summary>
internal sealed class RunExecutorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Trainer:Run";

    /// <summary>
    /// The most eval users measured after each epoch, 1 or more; more are sampled down (seeded by the run's seed) and
    /// the cap is recorded in the run manifest. Default 10,000.
    /// </summary>
    public int MaxEvalUsers { get; set; } = 10_000;

    /// <summary>Users scored per batch during evaluation, 1 or more (memory: batch × items × 8 bytes). Default 256.</summary>
    public int EvalBatchSize { get; set; } = 256;

    /// <summary>Training users whose ONNX and trained top-20 are compared after export, 1 or more. Default 100.</summary>
    public int ExportCheckUsers { get; set; } = 100;

    /// <summary>
    /// The largest catalog on which a run that did not train <c>ease</c> still fits it as a baseline, 0 for never (its fit
    /// is O(items³)). Default 4,096 (a few seconds).
    /// </summary>
    public int EaseBaselineMaxItems { get; set; } = 4096;

    /// <summary>Returns every broken rule; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, MaxEvalUsers, nameof(MaxEvalUsers));
        Check(errors, EvalBatchSize, nameof(EvalBatchSize));
        Check(errors, ExportCheckUsers, nameof(ExportCheckUsers));
        if (EaseBaselineMaxItems < 0)
        {
            errors.Add($"{SectionName}:{nameof(EaseBaselineMaxItems)} must be 0 or more, got {EaseBaselineMaxItems.ToString(CultureInfo.InvariantCulture)}");
        }

        return errors;
    }

    private static void Check(List<string> errors, int value, string name)
    {
        if (value < 1)
        {
            errors.Add($"{SectionName}:{name} must be 1 or more, got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
