using System.Collections.Concurrent;
using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary>What one <see cref="ReplicaServer"/> saw: the calls by method, the callers' headers and certificates, its streams.</summary>
public sealed class Replica(string name, ReplicaLedger ledger)
{
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> authorizations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> clientCertificates = new(StringComparer.Ordinal);
    private int openStreams;
    private int refusing;

    public string Name { get; } = name;

    public ReplicaLedger Ledger { get; } = ledger;

    public IReadOnlyCollection<string> Tenants => [.. tenants.Keys];

    public IReadOnlyCollection<string> Authorizations => [.. authorizations.Keys];

    /// <summary>Subjects of the client certificates presented (TLS replicas).</summary>
    public IReadOnlyCollection<string> ClientCertificates => [.. clientCertificates.Keys];

    /// <summary><c>TrackStream</c> calls open now.</summary>
    public int OpenStreams => Volatile.Read(ref openStreams);

    /// <summary>When set, every call fails <c>UNAVAILABLE</c> (a replica draining or cut off from Redis), after being counted.</summary>
    public bool Refusing
    {
        get => Volatile.Read(ref refusing) != 0;
        set => Volatile.Write(ref refusing, value ? 1 : 0);
    }

    /// <summary>Calls of <paramref name="method"/> received, refused ones included.</summary>
    public int Calls(string method) => calls.GetValueOrDefault(method);

    /// <summary>Counts a call and its caller; throws <c>UNAVAILABLE</c> when <see cref="Refusing"/>.</summary>
    public void Record(string method, ServerCallContext context)
    {
        calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (context.RequestHeaders.GetValue("x-tenant") is { } tenant)
        {
            tenants.TryAdd(tenant, 0);
        }

        if (context.RequestHeaders.GetValue("authorization") is { } authorization)
        {
            authorizations.TryAdd(authorization, 0);
        }

        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate)
        {
            clientCertificates.TryAdd(certificate.Subject, 0);
        }

        if (Refusing)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"replica {Name} refuses calls"));
        }
    }

    /// <summary>Stores a batch through the shared ledger, as the engine does: new ids accepted, known ones duplicates.</summary>
    public TrackResponse Store(TrackRequest request)
    {
        var response = new TrackResponse();
        foreach (var e in request.Events)
        {
            if (Ledger.TryStore(e.EventId, Name))
            {
                response.Accepted++;
            }
            else
            {
                response.Duplicates++;
            }
        }

        return response;
    }

    public void StreamOpened() => Interlocked.Increment(ref openStreams);

    public void StreamClosed() => Interlocked.Decrement(ref openStreams);
}
