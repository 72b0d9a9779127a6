using System.Text.Json.Serialization;

namespace NeuronEngine.Registry.Keys;

/// <summary>
/// An API key as <see cref="RedisKeyStore"/> keeps it: the hash field is the key id, times are UTC ticks; the other
/// fields are <see cref="ApiKeyRecord"/>'s (the salt and hash in base64).
/// </summary>
internal sealed record StoredKey(string Name, string Tenant, Roles Roles, byte[] Salt, byte[] Hash, long Created, long? LastUsed, long? Revoked)
{
    public static StoredKey From(ApiKeyRecord key) => new(
        key.Name, key.Tenant, key.Roles, key.Salt.ToArray(), key.Hash.ToArray(), key.Created.UtcTicks, key.LastUsed?.UtcTicks, key.Revoked?.UtcTicks);

    [JsonIgnore]
    public bool IsOperator => (Roles & Roles.Operator) != 0;

    public ApiKeyRecord ToRecord(string keyId) => new(
        keyId, Name, Tenant, Roles, Salt, Hash, At(Created), LastUsed is { } used ? At(used) : null, Revoked is { } revoked ? At(revoked) : null);

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StoredKey))]
internal sealed partial class KeyJsonContext : JsonSerializerContext;
