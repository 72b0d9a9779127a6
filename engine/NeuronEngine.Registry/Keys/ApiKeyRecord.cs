namespace NeuronEngine.Registry.Keys;

/// <summary>An API key as stored: its salted hash, never its secret.</summary>
public sealed record ApiKeyRecord(
    string KeyId,
    string Name,
    string Tenant,
    Roles Roles,
    ReadOnlyMemory<byte> Salt,
    ReadOnlyMemory<byte> Hash,
    DateTimeOffset Created,
    DateTimeOffset? LastUsed,
    DateTimeOffset? Revoked);
