using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Security;
using NeuronEngine.Registry.Keys;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Services;

/// <summary>neuron.v1.KeyService: API keys (the rules are <see cref="KeyAdministration"/>'s).</summary>
internal sealed class KeyServiceImpl(KeyAdministration keys) : KeyService.KeyServiceBase
{
    public override Task<CreateKeyResponse> CreateKey(CreateKeyRequest request, ServerCallContext context)
    {
        var (key, secret) = keys.Create(context.GetCaller(), context.GetTenant(), request.Name, request.Tenant, request.Roles);
        return Task.FromResult(new CreateKeyResponse { Key = ToContract(key), Secret = secret });
    }

    public override Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        var response = new ListKeysResponse();
        response.Keys.Add(keys.List(context.GetCaller(), context.GetTenant(), request.Tenant).Select(ToContract));
        return Task.FromResult(response);
    }

    public override Task<ApiKey> RevokeKey(RevokeKeyRequest request, ServerCallContext context) =>
        Task.FromResult(ToContract(keys.Revoke(context.GetCaller(), context.GetTenant(), request.KeyId)));

    private static ApiKey ToContract(ApiKeyRecord key)
    {
        var contract = new ApiKey
        {
            KeyId = key.KeyId,
            Name = key.Name,
            Tenant = key.Tenant,
            Created = Timestamp.FromDateTimeOffset(key.Created),
            LastUsed = key.LastUsed is { } used ? Timestamp.FromDateTimeOffset(used) : null,
            Revoked = key.Revoked is { } revoked ? Timestamp.FromDateTimeOffset(revoked) : null,
        };
        contract.Roles.Add(RoleNames.Names(key.Roles));
        return contract;
    }
}
