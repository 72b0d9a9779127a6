using NeuronEngine.Registry.Models;

namespace NeuronEngine.Registry.Training;

/// <summary>A training run as the registry holds it.</summary>
/// <param name="Tenant">The tenant whose data it trains on and whose family receives the version.</param>
/// <param name="RunId">Unique across tenants: 32 hex digits of a time-ordered UUID.</param>
/// <param name="Spec">What it was started with (options with defaults applied, frozen template, data window).</param>
/// <param name="Status">Where it is.</param>
/// <param name="Created">When it was queued (UTC).</param>
/// <param name="Started">When a trainer leased it (UTC), or null.</param>
/// <param name="Finished">When it reached its final status (UTC), or null.</param>
/// <param name="LeaseHolder">The trainer that holds (or last held) it, or null.</param>
/// <param name="LeaseExpires">When the current lease runs out (UTC), or null when no lease is held.</param>
/// <param name="StopRequested">StopRun asked the trainer to end it.</param>
/// <param name="Progress">Where it is, as last reported.</param>
/// <param name="EpochResults">Finished epochs in order.</param>
/// <param name="FinalMetrics">The metrics of the version it produced (empty until it finishes).</param>
/// <param name="Manifest">The run manifest as JSON, empty until the trainer reports it.</param>
/// <param name="Version">The version it registered, or null.</param>
/// <param name="Error">Why it failed (or how it was stopped), or null.</param>
/// <remarks>Equality of the collections is by reference, as for any collection in a record.</remarks>
public sealed record TrainingRun(
    string Tenant,
    string RunId,
    NewRun Spec,
    RunStatus Status,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    string? LeaseHolder,
    DateTimeOffset? LeaseExpires,
    bool StopRequested,
    RunProgress Progress,
    IReadOnlyList<RunEpoch> EpochResults,
    IReadOnlyDictionary<string, double> FinalMetrics,
    string Manifest,
    VersionRef? Version,
    string? Error)
{
    /// <summary>True once the run can change no more.</summary>
    public bool IsFinished => RunRules.IsFinished(Status);

    /// <summary>The default name of the version it registers: <c>&lt;template name&gt;-&lt;run id&gt;</c>.</summary>
    public string VersionName => RunRules.VersionName(Spec.TemplateName, RunId);
}
