using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Services;

/// <summary>
/// API keys (<c>neuron.v1.KeyService</c>). An <c>admin</c> key manages its own tenant's keys, an <c>operator</c> key
/// any tenant's. Every call takes an optional deadline, else the default one.
/// </summary>
public sealed class KeysClient
{
    private readonly KeyService.KeyServiceClient client;
    private readonly RpcCaller rpc;

    internal KeysClient(KeyService.KeyServiceClient client, RpcCaller rpc)
    {
        this.client = client;
        this.rpc = rpc;
    }

    /// <summary>
    /// A new key named <paramref name="name"/> with <paramref name="roles"/> (ingest, serve, train, models, admin,
    /// operator). The answer's <c>secret</c> is the only copy there will ever be: the engine keeps a salted hash.
    /// </summary>
    /// <param name="name">Who uses it, recorded as the actor of what it does: 1-128 characters.</param>
    /// <param name="roles">At least one.</param>
    /// <param name="tenant">The key's tenant; null for the caller's.</param>
    /// <param name="deadline">The call's deadline; the default one when null.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task<CreateKeyResponse> CreateAsync(string name, IEnumerable<string> roles, string? tenant = null, TimeSpan? deadline = null, CancellationToken ct = default)
    {
        var request = new CreateKeyRequest { Name = name, Tenant = tenant ?? "" };
        request.Roles.Add(roles);
        return RpcCaller.Await(client.CreateKeyAsync(request, rpc.Unary(deadline, ct)));
    }

    /// <summary>The keys of <paramref name="tenant"/> (null: the caller's), revoked ones included, without secrets; oldest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(string? tenant = null, TimeSpan? deadline = null, CancellationToken ct = default) =>
        (await RpcCaller.Await(client.ListKeysAsync(new ListKeysRequest { Tenant = tenant ?? "" }, rpc.Unary(deadline, ct)))).Keys;

    /// <summary>Revokes a key: the next call with it is <c>UNAUTHENTICATED</c>. Revoking a revoked key changes nothing; <c>NOT_FOUND</c> for an unknown id.</summary>
    public Task<ApiKey> RevokeAsync(string keyId, TimeSpan? deadline = null, CancellationToken ct = default) =>
        RpcCaller.Await(client.RevokeKeyAsync(new RevokeKeyRequest { KeyId = keyId }, rpc.Unary(deadline, ct)));
}
