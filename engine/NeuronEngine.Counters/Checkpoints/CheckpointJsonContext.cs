using System.Text.Json.Serialization;

namespace NeuronEngine.Counters.Checkpoints;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CheckpointMarker))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
