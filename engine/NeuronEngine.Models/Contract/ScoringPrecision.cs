using System.Text.Json.Serialization;

namespace NeuronEngine.Models.Contract;

/// <summary>
/// How a pooled-history graph scores the user vector against its item table. Both serve the same contract; the choice
/// only trades exactness for speed on large catalogs.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScoringPrecision>))]
public enum ScoringPrecision
{
    /// <summary>Float32 <c>Gemm</c> against the float table: exact, reads items × dimensions × 4 bytes per inference.</summary>
    Float32,

    /// <summary>
    /// An 8-bit integer product (<c>MatMulInteger</c>) against a per-item quantized copy of the table: a quarter of the
    /// bytes per inference; scores within about 1 % of the float product, so only near-ties can trade places.
    /// </summary>
    Int8,
}
