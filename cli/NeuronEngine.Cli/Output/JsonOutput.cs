using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace NeuronEngine.Cli.Output;

/// <summary>
/// JSON for <c>--output json</c>: protobuf messages in their canonical JSON mapping (lowerCamelCase fields, enums by
/// name, 64-bit integers as strings, defaults included so a script sees every field), anything else through
/// System.Text.Json with the same naming.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A protobuf message as a JSON node (to embed in a larger document).</summary>
    public static JsonNode ToNode(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    /// <summary>A list of messages as a JSON array.</summary>
    public static JsonArray ToArray(IEnumerable<IMessage> messages) => new([.. messages.Select(ToNode)]);

    /// <summary>Renders <paramref name="value"/> (a message, a list of messages, a JsonNode or a plain object) indented.</summary>
    public static string Render(object? value) => value switch
    {
        IMessage message => ToNode(message).ToJsonString(Options),
        IEnumerable<IMessage> messages => ToArray(messages).ToJsonString(Options),
        JsonNode node => node.ToJsonString(Options),
        _ => JsonSerializer.Serialize(value, Options),
    };
}
