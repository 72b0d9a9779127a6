using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Security;

/// <summary>
/// The rules of KeyService, for whatever transport asks: who may create, list and revoke which keys. The caller's
/// roles to reach these calls at all (<c>admin</c>) are checked before; this adds the tenant and operator rules.
/// </summary>
internal sealed class KeyAdministration(IKeyStore store, KeyAuthenticator authenticator, IOptions<AuthOptions> options)
{
    public const int MaxNameLength = 128;

    /// <summary>The suffix of the engine's own actor names, which keys may not take.</summary>
    public const string ReservedSuffix = "@loopback";

    private readonly Lock creating = new();

    /// <summary>Creates a key in <paramref name="tenant"/> (empty: <paramref name="callTenant"/>, the tenant the call acts in).</summary>
    public (ApiKeyRecord Key, string Secret) Create(Caller caller, string callTenant, string name, string tenant, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(roles);
        if (ValidateName(name) is { } nameRule)
        {
            NeuronException.ThrowInvalidArgument("name", nameRule);
        }

        var target = ResolveTenant(caller, callTenant, tenant);
        if (target == TenantId.Shared)
        {
            NeuronException.ThrowInvalidArgument("tenant", $"\"{TenantId.Shared}\" holds base models only; operator keys manage it with x-tenant");
        }

        var granted = ParseRoles(roles);
        if ((granted & Roles.Operator) != 0 && !caller.IsOperator)
        {
            throw NeuronException.PermissionDenied("roles", "only an operator key creates operator keys");
        }

        var limit = options.Value.MaxKeysPerTenant;
        lock (creating)
        {
            if (store.CountActive(target) >= limit)
            {
                throw NeuronException.ResourceExhausted(
                    $"{AuthOptions.SectionName}:{nameof(AuthOptions.MaxKeysPerTenant)} ({limit}) reached for tenant \"{target}\"; revoke keys no longer used");
            }

            while (true)
            {
                var key = NewKey.Make(name, target, granted, out var secret);
                try
                {
                    return (Store(key), secret);
                }
                catch (NeuronException ex) when (ex.Kind == ErrorKind.AlreadyExists)
                {
                    // A 64-bit id collided: draw again.
                }
            }
        }
    }

    /// <summary>Stores a key made by <see cref="NewKey.Make"/>.</summary>
    public ApiKeyRecord Store(NewKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = store.Create(key.KeyId, key.Name, key.Tenant, key.Roles, key.Salt, key.Hash);
        authenticator.Created(key.KeyId);
        return stored;
    }

    /// <summary>
    /// The keys of <paramref name="tenant"/> (empty: the call's tenant), without secrets. Operator keys are an
    /// operator's business: a tenant's admin does not see them, although they live in a tenant too.
    /// </summary>
    public IReadOnlyList<ApiKeyRecord> List(Caller caller, string callTenant, string tenant)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var keys = store.List(ResolveTenant(caller, callTenant, tenant));
        return caller.IsOperator ? keys : keys.Where(k => (k.Roles & Roles.Operator) == 0).ToList();
    }

    /// <summary>
    /// Revokes a key of the call's tenant (any tenant's for an operator); NotFound for a key the caller cannot see: another
    /// tenant's, or an operator key for a caller who is not an operator.
    /// </summary>
    public ApiKeyRecord Revoke(Caller caller, string callTenant, string keyId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(keyId))
        {
            NeuronException.ThrowInvalidArgument("key_id", "must not be empty");
        }

        if (store.Find(keyId) is not { } key || (!caller.IsOperator && (key.Tenant != callTenant || (key.Roles & Roles.Operator) != 0)))
        {
            throw NeuronException.NotFound($"key \"{Shorten(keyId)}\" not found");
        }

        var revoked = store.Revoke(keyId);
        authenticator.Revoked(revoked);
        return revoked;
    }

    /// <summary>
    /// Null when <paramref name="name"/> is a valid key name, otherwise the broken rule. Names ending in
    /// <see cref="ReservedSuffix"/> are the engine's own actors (<c>operator@loopback</c>): a key named so would make
    /// audit records read as the operator's.
    /// </summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl) || name.Trim().Length != name.Length
            || FieldRules.HasUnpairedSurrogate(name)
            ? $"must be 1-{MaxNameLength} characters of text, without control characters or surrounding spaces"
            : name.EndsWith(ReservedSuffix, StringComparison.OrdinalIgnoreCase)
                ? $"names ending in \"{ReservedSuffix}\" are reserved for the engine's own actors"
                : null;

    private static string ResolveTenant(Caller caller, string callTenant, string tenant)
    {
        if (string.IsNullOrEmpty(tenant))
        {
            return callTenant;
        }

        if (TenantId.Validate(tenant) is { } rule)
        {
            NeuronException.ThrowInvalidArgument("tenant", rule);
        }

        if (tenant != callTenant && !caller.IsOperator)
        {
            throw NeuronException.PermissionDenied("tenant", $"key \"{caller.Name}\" manages keys of tenant \"{callTenant}\" only");
        }

        return tenant;
    }

    private static Roles ParseRoles(IReadOnlyList<string> roles)
    {
        if (roles.Count == 0)
        {
            NeuronException.ThrowInvalidArgument("roles", $"must name at least one role ({string.Join(", ", RoleNames.All)})");
        }

        var granted = Roles.None;
        for (var i = 0; i < roles.Count; i++)
        {
            var role = RoleNames.Parse(roles[i]);
            if (role == Roles.None)
            {
                NeuronException.ThrowInvalidArgument($"roles[{i}]", $"unknown role \"{Shorten(roles[i])}\" (the roles are {string.Join(", ", RoleNames.All)})");
            }

            granted |= role;
        }

        return granted;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

    /// <summary>A key about to be stored: its id and salted hash; the secret goes to whoever asked for it.</summary>
    public sealed record NewKey(string KeyId, string Name, string Tenant, Roles Roles, byte[] Salt, byte[] Hash)
    {
        public static NewKey Make(string name, string tenant, Roles roles, out string secret)
        {
            (var keyId, secret) = ApiKeySecret.Generate();
            var salt = ApiKeySecret.NewSalt();
            var hash = new byte[ApiKeySecret.HashBytes];
            ApiKeySecret.Hash(salt, secret, hash);
            return new NewKey(keyId, name, tenant, roles, salt, hash);
        }
    }
}
