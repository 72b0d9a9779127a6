using System.Text.Json.Serialization;

namespace NeuronEngine.Models.Contract;

/// <summary>How the engine turns a user's history into the model's inputs.</summary>
/// <remarks>
/// Properties have setters, not <c>init</c>: the JSON source generator assigns every init-only property, so a field
/// missing from the file would replace its default with null or 0 (dotnet/runtime#84484).
/// </remarks>
public sealed record ServingParameters
{
    /// <summary>The most recent interactions fed to the model, 1–1000. Default 50.</summary>
    [JsonPropertyName("history_length")]
    public int HistoryLength { get; set; } = 50;

    /// <summary>An interaction's weight halves every this many hours; 0 turns recency decay off. Default 0.</summary>
    [JsonPropertyName("recency_half_life_hours")]
    public double RecencyHalfLifeHours { get; set; }

    /// <summary>
    /// Weight per event type, from the run's frozen template. Interactions of other types are not fed to the model
    /// (they still count as seen). Empty: every type is fed with the weight its event carried.
    /// </summary>
    [JsonPropertyName("signal_weights")]
    public Dictionary<string, float> SignalWeights { get; set; } = [];
}
