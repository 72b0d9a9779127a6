using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// <c>manifest.json</c>: how the model was made (everything needed to reproduce the run) and how to feed it.
/// The engine reads <see cref="ContractVersion"/>, <see cref="Items"/>, <see cref="Dimensions"/> and <see cref="Serving"/>;
/// the rest is kept as it is and shown to the people who approve versions.
/// </summary>
public sealed record ModelManifest
{
    [JsonPropertyName("contract_version")]
    public int ContractVersion { get; init; } = ModelContract.Version;

    /// <summary>The recipe that trained it (<c>pooled-history</c>, <c>popularity</c>, or <c>external</c> for a brought model).</summary>
    [JsonPropertyName("recipe")]
    public string Recipe { get; init; } = "external";

    /// <summary>Rows of the vocabulary and of the item table.</summary>
    [JsonPropertyName("items")]
    public int Items { get; init; }

    /// <summary>Columns of the item table.</summary>
    [JsonPropertyName("dimensions")]
    public int Dimensions { get; init; }

    [JsonPropertyName("serving")]
    public ServingParameters Serving { get; init; } = new();

    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("code_version")]
    public string? CodeVersion { get; init; }

    /// <summary>The run's frozen template, options, data window, dataset sizes and hashes, seeds, per-epoch metrics, gates.</summary>
    [JsonPropertyName("run")]
    public JsonElement? Run { get; init; }

    /// <summary>Final metrics (<c>ndcg@10</c>, <c>recall@20</c>, …).</summary>
    [JsonPropertyName("metrics")]
    public Dictionary<string, double> Metrics { get; init; } = [];
}
