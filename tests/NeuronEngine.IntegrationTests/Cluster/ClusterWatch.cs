using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;
using Endpoint = NeuronEngine.Contracts.V1.Endpoint;

namespace NeuronEngine.IntegrationTests.Cluster;

/// <summary>
/// A <c>WatchEndpoint</c> stream on one replica, read until the endpoint reaches a state. A stream ended by
/// UNAVAILABLE (Redis slow or away for a moment) is opened again, as a client would.
/// </summary>
internal sealed class ClusterWatch : IDisposable
{
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
    private readonly EngineClients clients;
    private AsyncServerStreamingCall<Endpoint> call;

    private ClusterWatch(EngineClients clients)
    {
        this.clients = clients;
        call = Open();
    }

    /// <summary>Every state the stream sent, the first being the endpoint when the watch began.</summary>
    public List<Endpoint> Seen { get; } = [];

    /// <summary>Opens the watch and reads its first state.</summary>
    public static async Task<ClusterWatch> StartAsync(EngineClients clients)
    {
        var watch = new ClusterWatch(clients);
        await watch.NextAsync();
        return watch;
    }

    /// <summary>Reads states until one satisfies <paramref name="done"/>; returns it.</summary>
    public async Task<Endpoint> UntilAsync(Func<Endpoint, bool> done)
    {
        while (!done(Seen[^1]))
        {
            await NextAsync();
        }

        return Seen[^1];
    }

    private AsyncServerStreamingCall<Endpoint> Open() => clients.Models.WatchEndpoint(new GetEndpointRequest(), cancellationToken: timeout.Token);

    private async Task NextAsync()
    {
        while (true)
        {
            try
            {
                if (!await call.ResponseStream.MoveNext(timeout.Token))
                {
                    throw new InvalidOperationException("the watch ended");
                }

                Seen.Add(call.ResponseStream.Current);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !timeout.IsCancellationRequested)
            {
                call.Dispose();
                await Task.Delay(100, timeout.Token);
                call = Open();
            }
        }
    }

    public void Dispose()
    {
        timeout.Cancel();
        call.Dispose();
        timeout.Dispose();
    }
}
