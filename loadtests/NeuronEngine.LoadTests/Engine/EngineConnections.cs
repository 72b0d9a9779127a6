namespace NeuronEngine.LoadTests.Engine;

/// <summary>
/// Several HTTP/2 connections to the engine, handed out round-robin: one connection serialises its frames on one
/// socket, which at thousands of requests/s becomes the generator's bottleneck rather than the engine's. With several
/// targets (a cluster's replicas) connection i goes to target i mod n, at least one each, so the load is spread evenly
/// and a replica's latency is not hidden by a balancer's retries.
/// </summary>
internal sealed class EngineConnections : IDisposable
{
    private readonly EngineClient[] clients;
    private int next = -1;

    public EngineConnections(IReadOnlyList<string> targets, string tenant, int connections, string? apiKey = null)
    {
        clients = [.. Enumerable.Range(0, Math.Max(targets.Count, connections)).Select(i => new EngineClient(targets[i % targets.Count], tenant, apiKey))];
    }

    public int Count => clients.Length;

    /// <summary>The first connection (to the first target), for control-plane calls.</summary>
    public EngineClient Control => clients[0];

    public EngineClient Next() => clients[(int)((uint)Interlocked.Increment(ref next) % (uint)clients.Length)];

    public EngineClient this[int index] => clients[index % clients.Length];

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        foreach (var client in clients)
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
