using System.Buffers;
using System.Text;
using System.Collections.ObjectModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Catalog;

/// <summary>Stores an item's attributes as one JSON object per row, keys in ordinal order.</summary>
/// <remarks>
/// One column instead of a child table keeps an upsert at one statement per item. Relaxed escaping is safe
/// here: the text never reaches HTML, and it keeps non-ASCII values readable in the file.
/// </remarks>
internal sealed class AttributeCodec : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> buffer = new(256);
    private readonly List<string> keys = [];
    private Utf8JsonWriter? writer;

    /// <summary>Encodes <paramref name="attributes"/>; reuses its buffers, so one instance serves one thread.</summary>
    public string Encode(IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return "{}";
        }

        buffer.ResetWrittenCount();
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        keys.Clear();
        keys.AddRange(attributes.Keys);
        keys.Sort(StringComparer.Ordinal);
        writer.WriteStartObject();
        foreach (var key in keys)
        {
            writer.WriteString(key, attributes[key]);
        }

        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void Dispose() => writer?.Dispose();

    /// <summary>Decodes a stored object; a malformed one means the file was damaged or edited outside the engine.</summary>
    public static IReadOnlyDictionary<string, string> Decode(string json, string itemId)
    {
        if (json == "{}")
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.GetString() ?? string.Empty;
            }

            return result;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw NeuronException.DataLoss($"catalog item \"{itemId}\" has unreadable attributes in the registry database", ex);
        }
    }
}
