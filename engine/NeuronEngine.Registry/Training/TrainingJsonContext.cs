using System.Text.Json.Serialization;

namespace NeuronEngine.Registry.Training;

/// <summary>The JSON of the training documents in Redis: snake_case names, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(EpochDocument))]
[JsonSerializable(typeof(DatasetDocument))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;
