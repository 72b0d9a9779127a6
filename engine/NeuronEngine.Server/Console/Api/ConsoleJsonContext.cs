using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronEngine.Server.Console.Api;

/// <summary>The console's JSON answers, serialized without reflection, in camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConsoleApiError))]
[JsonSerializable(typeof(EventCounts))]
// Training and models
[JsonSerializable(typeof(Models.ProductionView))]
[JsonSerializable(typeof(RunLive))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
