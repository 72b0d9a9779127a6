using NeuronEngine.Core;
namespace NeuronEngine.Counters;

/// <summary>Configuration of the counters and user-history store (section <c>Counters</c>).</summary>
public sealed class CounterOptions : IValidatedOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Counters";

    /// <summary>The largest allowed <see cref="HistoryLength"/>.</summary>
    public const int MaxHistoryLength = 10_000;

    /// <summary>
    /// The most distinct event types one tenant's counters can hold: a history entry keeps the type's ordinal in 24 bits.
    /// </summary>
    public const int MaxEventTypesLimit = Storage.HistoryRecord.MaxTypeOrdinal + 1;

    /// <summary>Where the FASTER log and the checkpoints live; the engine passes <c>&lt;data-dir&gt;/counters</c>.</summary>
    public string Directory { get; set; } = "data/counters";

    /// <summary>How many recent interactions are kept per user (1–10000). Default 200.</summary>
    public int HistoryLength { get; set; } = 200;

    /// <summary>How long an event id is remembered for deduplication, measured on batch receive times. Default 24 h.</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many most popular items are tracked per tenant (1–100000). Default 1000.</summary>
    public int PopularK { get; set; } = 1000;

    /// <summary>Size of FASTER's hash index, in bytes (a power of two, at least 4 KiB). Default 16 MiB.</summary>
    public long IndexSizeBytes { get; set; } = 16L << 20;

    /// <summary>Memory for the in-memory part of FASTER's log, in bytes (a power of two, at least two pages). Default 256 MiB.</summary>
    public long LogMemorySizeBytes { get; set; } = 256L << 20;

    /// <summary>FASTER log page size, in bytes (a power of two, 64 KiB–1 GiB, holding at least two full histories). Default 4 MiB.</summary>
    public long PageSizeBytes { get; set; } = 4L << 20;

    /// <summary>How many of the newest checkpoints are kept on disk (1–100); older ones are deleted. Default 2.</summary>
    public int CheckpointsToKeep { get; set; } = 2;

    /// <summary>
    /// Every how many checkpoints one is full (FASTER index plus a snapshot of the whole in-memory log, 1–1000);
    /// the ones between write only the records changed since the previous checkpoint. Default 10; 1 makes every
    /// checkpoint full. Larger values make checkpoints cheaper on average but recovery replays a longer chain.
    /// </summary>
    public int FullCheckpointEvery { get; set; } = 10;

    /// <summary>
    /// How many distinct event types one tenant may ever have applied, counting types since deleted (1–16777216).
    /// A batch that would add more is refused before it is written (<c>RESOURCE_EXHAUSTED</c>). Default 16777216, the
    /// most a history entry can tell apart. Lowering it below what a tenant already has only refuses new types.
    /// </summary>
    public int MaxEventTypesPerTenant { get; set; } = MaxEventTypesLimit;

    /// <summary>Checks every rule and returns all broken ones (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add($"{SectionName}:Directory must not be empty");
        }

        if (HistoryLength is < 1 or > MaxHistoryLength)
        {
            errors.Add($"{SectionName}:HistoryLength must be 1–{MaxHistoryLength}, got {HistoryLength}");
        }

        if (DedupWindow <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:DedupWindow must be positive, got {DedupWindow}");
        }

        if (PopularK is < 1 or > 100_000)
        {
            errors.Add($"{SectionName}:PopularK must be 1–100000, got {PopularK}");
        }

        if (IndexSizeBytes < 4096 || !IsPowerOfTwo(IndexSizeBytes))
        {
            errors.Add($"{SectionName}:IndexSizeBytes must be a power of two of at least 4096, got {IndexSizeBytes}");
        }

        if (PageSizeBytes < 64 * 1024 || PageSizeBytes > 1L << 30 || !IsPowerOfTwo(PageSizeBytes))
        {
            errors.Add($"{SectionName}:PageSizeBytes must be a power of two from 65536 to 1073741824, got {PageSizeBytes}");
        }
        else if (PageSizeBytes < 2L * MaxRecordBytes(HistoryLength))
        {
            errors.Add($"{SectionName}:PageSizeBytes {PageSizeBytes} is too small for HistoryLength {HistoryLength}: needs at least {2L * MaxRecordBytes(HistoryLength)}");
        }

        if (!IsPowerOfTwo(LogMemorySizeBytes) || LogMemorySizeBytes < 2 * PageSizeBytes)
        {
            errors.Add($"{SectionName}:LogMemorySizeBytes must be a power of two of at least two pages, got {LogMemorySizeBytes}");
        }

        if (MaxEventTypesPerTenant is < 1 or > MaxEventTypesLimit)
        {
            errors.Add($"{SectionName}:MaxEventTypesPerTenant must be 1–{MaxEventTypesLimit}, got {MaxEventTypesPerTenant}");
        }

        if (CheckpointsToKeep is < 1 or > 100)
        {
            errors.Add($"{SectionName}:CheckpointsToKeep must be 1–100, got {CheckpointsToKeep}");
        }

        if (FullCheckpointEvery is < 1 or > 1000)
        {
            errors.Add($"{SectionName}:FullCheckpointEvery must be 1–1000, got {FullCheckpointEvery}");
        }

        return errors;
    }

    // A history record: record header, the longest key and the value at full length, rounded generously.
    private static long MaxRecordBytes(int historyLength) => 1024 + Storage.HistoryValue.PayloadLength(historyLength);

    private static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;
}
