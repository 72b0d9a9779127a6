namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary>Three <see cref="ReplicaServer"/>s, a, b and c, sharing one <see cref="ReplicaLedger"/>: a cluster for one test.</summary>
public sealed class ReplicaSet : IAsyncLifetime
{
    public ReplicaLedger Ledger { get; } = new();

    public ReplicaServer[] Servers { get; private set; } = [];

    /// <summary>Every replica's http address, in order.</summary>
    public List<string> Addresses => [.. Servers.Select(s => s.Address())];

    public async Task InitializeAsync() =>
        Servers = [await ReplicaServer.StartAsync("a", Ledger), await ReplicaServer.StartAsync("b", Ledger), await ReplicaServer.StartAsync("c", Ledger)];

    public async Task DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
