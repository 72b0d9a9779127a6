using System.Text.Json.Serialization;

namespace NeuronEngine.Engine.Cluster;

/// <summary>The heartbeat record's JSON, the same type on the writing and the reading replica.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReplicaRecord))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
