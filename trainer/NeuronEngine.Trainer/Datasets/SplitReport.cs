using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// What went into a run's train and eval sets and what came out, for the run manifest: enough to see the data is
/// what the template asked for, that train and eval do not overlap, and (through the hashes) that a rebuild is
/// identical.
/// </summary>
internal sealed record SplitReport
{
    /// <summary>Where the data came from: <c>event-log</c> or <c>upload</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The tenant, for the event log; null for an upload.</summary>
    public string? Tenant { get; init; }

    /// <summary>The frozen template's id.</summary>
    public required string TemplateId { get; init; }

    /// <summary>The data window's first log position (inclusive); null for an upload.</summary>
    public long? WindowFrom { get; init; }

    /// <summary>The data window's end: records ending at or before it were read; null for an upload.</summary>
    public long? WindowTo { get; init; }

    /// <summary>The split protocol (<c>random</c> or <c>latest</c>); null for an upload (its split came with it).</summary>
    public string? Protocol { get; init; }

    /// <summary>The split's held-out share; null for an upload (its split came with it).</summary>
    public double? EvalFraction { get; init; }

    /// <summary>The split's minimum interactions per user for hold-out; null for an upload.</summary>
    public int? MinUserInteractions { get; init; }

    /// <summary>Signals that passed their thresholds and became interactions, with their event counts.</summary>
    public IReadOnlyList<SignalStat> SignalsUsed { get; init; } = [];

    /// <summary>Signals below their thresholds, left out, with their event counts.</summary>
    public IReadOnlyList<SignalStat> SignalsDropped { get; init; } = [];

    /// <summary>The tenant's events in the window (any type), or an upload's lines.</summary>
    public long EventsRead { get; init; }

    /// <summary>Events of the used signals that passed the tag filter: the input to de-duplication.</summary>
    public long EventsUsed { get; init; }

    /// <summary>Events folded into an earlier event of the same (user, item) pair.</summary>
    public long DuplicatesMerged { get; init; }

    /// <summary>Users with training interactions (the user id space).</summary>
    public int Users { get; init; }

    /// <summary>Items with training interactions (the item id space; every model scores these).</summary>
    public int Items { get; init; }

    /// <summary>Users with at least one eval interaction: the users evaluation averages over.</summary>
    public int EvalUsers { get; init; }

    /// <summary>Training interactions (distinct pairs).</summary>
    public long TrainInteractions { get; init; }

    /// <summary>Eval interactions (distinct pairs) after the drops below.</summary>
    public long EvalInteractions { get; init; }

    /// <summary>(user, item) pairs in both sets; checked to be 0.</summary>
    public long Overlap { get; init; }

    /// <summary>Distinct items that appeared only in eval and were dropped: no model can learn or score them.</summary>
    public int EvalOnlyItemsDropped { get; init; }

    /// <summary>Eval interactions dropped because their item appeared only in eval.</summary>
    public long EvalOnlyInteractionsDropped { get; init; }

    /// <summary>Eval interactions dropped because their user had no training interactions (uploads only).</summary>
    public long EvalUserWithoutTrainDropped { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the training set in canonical order; see <see cref="DatasetHash"/>.</summary>
    public string TrainSha256 { get; init; } = string.Empty;

    /// <summary>SHA-256 (lower-case hex) of the eval set in canonical order.</summary>
    public string EvalSha256 { get; init; } = string.Empty;

    /// <summary>The report as indented camelCase JSON, for the run manifest.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SplitReportJsonContext.Default.SplitReport);
}

/// <summary>Source-generated JSON for <see cref="SplitReport"/>: no reflection at run time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SplitReport))]
internal sealed partial class SplitReportJsonContext : JsonSerializerContext;
