using System.Text.Json.Serialization;

namespace NeuronEngine.Models.Contract;

/// <summary>Source-generated JSON for the manifest.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
public sealed partial class ModelJsonContext : JsonSerializerContext;
