using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Redis;

/// <summary>JSON documents in Redis hash fields, through a source-generated context.</summary>
internal static class RedisDocument
{
    public static RedisValue Encode<T>(T document, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(document, info);

    /// <summary>
    /// Decodes a stored document; one that does not decode was damaged or written outside the engine: DataLoss naming
    /// <paramref name="what"/> (<c>event type "click" of tenant "acme"</c>).
    /// </summary>
    public static T Decode<T>(RedisValue value, JsonTypeInfo<T> info, string what)
    {
        try
        {
            return JsonSerializer.Deserialize((ReadOnlySpan<byte>)value, info) ?? throw new JsonException("null document");
        }
        catch (JsonException ex)
        {
            throw NeuronException.DataLoss($"{what} is unreadable in Redis", ex);
        }
    }
}
