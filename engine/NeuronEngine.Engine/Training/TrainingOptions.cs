using NeuronEngine.Core;
namespace NeuronEngine.Engine.Training;

/// <summary>How the engine runs training: leases, stopping, uploads. Bound from the <c>Training</c> section.</summary>
public sealed class TrainingOptions : IValidatedOptions
{
    public const string SectionName = "Training";

    /// <summary>The longest a <c>LeaseRun</c> call may wait for a queued run, in milliseconds.</summary>
    public const int MaxLeaseWaitMs = 30_000;

    /// <summary>
    /// How long a trainer's lease lasts from its last renewal, in seconds; a run whose trainer stays silent longer is
    /// FAILED. Trainers renew well within it (every third of it). Default 15; 1-600.
    /// </summary>
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>How long <c>StopRun</c> waits for the trainer to end a running run before stopping it without the trainer. Default 4 seconds; 0-60 seconds.</summary>
    public TimeSpan StopWait { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Largest dataset <c>UploadDataset</c> accepts, in bytes. Default 1 GiB; at least 1024.</summary>
    public long MaxDatasetBytes { get; set; } = 1L << 30;

    /// <summary>How often expired leases are looked for. Default 1 second; 10 milliseconds to 1 minute.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The lease duration as a span.</summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>Every broken rule, as <c>Training:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LeaseSeconds is < 1 or > 600)
        {
            errors.Add($"{SectionName}:LeaseSeconds must be 1-600 (got {LeaseSeconds})");
        }

        if (StopWait < TimeSpan.Zero || StopWait > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:StopWait must be 0-60 seconds (got {StopWait})");
        }

        if (MaxDatasetBytes < 1024)
        {
            errors.Add($"{SectionName}:MaxDatasetBytes must be at least 1024 (got {MaxDatasetBytes})");
        }

        if (ExpiryInterval < TimeSpan.FromMilliseconds(10) || ExpiryInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:ExpiryInterval must be 10 ms to 1 minute (got {ExpiryInterval})");
        }

        return errors;
    }
}
