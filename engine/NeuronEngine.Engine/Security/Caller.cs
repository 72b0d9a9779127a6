using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Security;

/// <summary>Who makes a call: the key it carries, or the operator on loopback. One instance per key, shared by its calls.</summary>
public sealed class Caller
{
    /// <summary>A call from 127.0.0.1 or ::1 without a key, in <see cref="AuthMode.Loopback"/>.</summary>
    public static readonly Caller LoopbackOperator = new(null, "operator@loopback", Core.TenantId.Default, Roles.Operator);

    public Caller(string? keyId, string name, string tenant, Roles roles)
    {
        KeyId = keyId;
        Name = name;
        Tenant = tenant;
        Roles = roles;
    }

    /// <summary>The key's id; null for <see cref="LoopbackOperator"/>.</summary>
    public string? KeyId { get; }

    /// <summary>The key's name: the actor audit records name.</summary>
    public string Name { get; }

    /// <summary>The key's tenant: the one its calls use when they name none.</summary>
    public string Tenant { get; }

    public Roles Roles { get; }

    /// <summary>True for keys that may act in every tenant.</summary>
    public bool IsOperator => (Roles & Roles.Operator) != 0;

    /// <summary>
    /// True once the key was revoked. A call checks its key once, at its start; a stream that lasts (TrackStream) checks
    /// this on every message, so a revocation also stops the streams opened before it.
    /// </summary>
    public bool IsRevoked => Volatile.Read(ref revoked);

    private bool revoked;

    internal void MarkRevoked() => Volatile.Write(ref revoked, true);

    /// <summary>True when this caller may make a call needing any of <paramref name="needed"/>.</summary>
    public bool Allows(Roles needed) => RoleNames.Allows(Roles, needed);
}
