using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Cluster;
using NeuronEngine.Registry.Models;
using ReplicaEndpoint = NeuronEngine.Engine.Cluster.ReplicaEndpoint;

namespace NeuronEngine.Server.Services;

internal static partial class ContractMapping
{
    public static Replica ToContract(this ReplicaRecord record)
    {
        var replica = new Replica
        {
            Id = record.Id,
            Addresses = { record.Addresses },
            Started = Timestamp.FromDateTimeOffset(record.Started),
            LastBeat = Timestamp.FromDateTimeOffset(record.Beat),
            Ready = record.Ready,
            Promoting = record.Promoting,
        };
        replica.Endpoints.Add(record.Endpoints.Select(ToContract));
        return replica;
    }

    private static Contracts.V1.ReplicaEndpoint ToContract(ReplicaEndpoint endpoint) => new()
    {
        Tenant = endpoint.Tenant,
        Endpoint = endpoint.Endpoint,
        Family = endpoint.Owner is { } owner && endpoint.Family is { } family ? new FamilyRef(owner, family).ToString() : "",
        Version = endpoint.Version,
        LastError = endpoint.Error ?? "",
    };
}
