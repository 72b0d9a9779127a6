using NeuronEngine.Core;
namespace NeuronEngine.EventLog;

/// <summary>Configuration of the event log (section <c>EventLog</c>).</summary>
public sealed class EventLogOptions : IValidatedOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "EventLog";

    /// <summary>The smallest segment size accepted, in bytes.</summary>
    public const long MinSegmentSizeBytes = 4096;

    /// <summary>The folder holding the segment files (<c>data/events</c>); created when missing.</summary>
    public string Directory { get; set; } = "data/events";

    /// <summary>
    /// <c>always</c> (fsync before acknowledging, the default), <c>interval:&lt;ms&gt;</c> (acknowledge after the
    /// write reaches the OS, fsync at most that many milliseconds later) or <c>none</c> (fsync only at segment roll and close).
    /// </summary>
    public string Durability { get; set; } = "always";

    /// <summary>A segment rolls to a new file once its size passes this, in bytes. Default 256 MiB.</summary>
    public long SegmentSizeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How many appends may wait for the writer before callers are held back (back-pressure), in appends.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>A group commit stops taking appends once its buffer passes this, in bytes. Default 4 MiB.</summary>
    public int MaxGroupBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// When true, start-up truncates the log at a corrupt record (and deletes later segments) instead of refusing to
    /// start, logging exactly what was cut. Leave false except to recover a damaged log deliberately.
    /// </summary>
    public bool Repair { get; set; }

    /// <summary>The parsed <see cref="Durability"/>; throws InvalidArgument when it does not parse.</summary>
    public DurabilityPolicy GetDurabilityPolicy() => DurabilityPolicy.Parse(Durability, SectionName + ":" + nameof(Durability));

    /// <summary>Every problem with these options, each as <c>EventLog:Field: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add(Field(nameof(Directory)) + "must not be empty");
        }

        if (!DurabilityPolicy.TryParse(Durability, out _, out var durabilityError))
        {
            errors.Add(Field(nameof(Durability)) + durabilityError);
        }

        if (SegmentSizeBytes < MinSegmentSizeBytes)
        {
            errors.Add(Field(nameof(SegmentSizeBytes)) + $"must be at least {MinSegmentSizeBytes} bytes");
        }

        if (QueueCapacity is < 1 or > 1_000_000)
        {
            errors.Add(Field(nameof(QueueCapacity)) + "must be between 1 and 1000000 appends");
        }

        if (MaxGroupBytes is < 4096 or > LogFormat.MaxPayloadBytes)
        {
            errors.Add(Field(nameof(MaxGroupBytes)) + $"must be between 4096 and {LogFormat.MaxPayloadBytes} bytes");
        }

        return errors;
    }

    private static string Field(string name) => SectionName + ":" + name + ": ";
}
