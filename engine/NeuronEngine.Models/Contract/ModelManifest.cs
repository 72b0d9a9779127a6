using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// <c>manifest.json</c>: how the model was made (everything needed to reproduce the run) and how to feed it.
/// The engine reads <see cref="ContractVersion"/>, <see cref="Items"/>, <see cref="Dimensions"/> and <see cref="Serving"/>;
/// the rest is kept as it is and shown to the people who approve versions.
/// </summary>
/// <remarks>
/// Properties have setters, not <c>init</c>: the JSON source generator assigns every init-only property, so a field
/// missing from the file would replace its default with null or 0 (dotnet/runtime#84484).
/// </remarks>
public sealed record ModelManifest
{
    /// <summary>The contract version the artifact was written for; required when reading, so an old or foreign manifest cannot pass as version 1.</summary>
    [JsonPropertyName("contract_version")]
    [JsonRequired]
    public int ContractVersion { get; set; } = ModelContract.Version;

    /// <summary>The recipe that trained it (<c>pooled-history</c>, <c>popularity</c>, <c>ease</c>, or <c>external</c> for a brought model).</summary>
    [JsonPropertyName("recipe")]
    public string Recipe { get; set; } = "external";

    /// <summary>Rows of the vocabulary and of the item table.</summary>
    [JsonPropertyName("items")]
    public int Items { get; set; }

    /// <summary>Columns of the item table.</summary>
    [JsonPropertyName("dimensions")]
    public int Dimensions { get; set; }

    /// <summary>How the graph scores users against the item table: <c>float32</c> or <c>int8</c> (<see cref="ScoringPrecision"/>); informational.</summary>
    [JsonPropertyName("scoring")]
    public string Scoring { get; set; } = ScoringPrecisions.Name(ScoringPrecision.Float32);

    [JsonPropertyName("serving")]
    public ServingParameters Serving { get; set; } = new();

    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; set; }

    [JsonPropertyName("code_version")]
    public string? CodeVersion { get; set; }

    /// <summary>The run's frozen template, options, data window, dataset sizes and hashes, seeds, per-epoch metrics, gates.</summary>
    [JsonPropertyName("run")]
    public JsonElement? Run { get; set; }

    /// <summary>Final metrics (<c>ndcg@10</c>, <c>recall@20</c>, …).</summary>
    [JsonPropertyName("metrics")]
    public Dictionary<string, double> Metrics { get; set; } = [];
}
