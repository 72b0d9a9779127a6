using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Serving;

/// <summary>Single-node mode: no other replica to tell; the registry records how loading at start went.</summary>
internal sealed class LocalServingPeers(IModelStore store) : IServingPeers
{
    public ValueTask<IDisposable> PromotingAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(Nothing.Instance);

    public void EndpointChanged(string tenant, string endpoint)
    {
    }

    public Task PromotedAsync(PromotionTicket ticket) => Task.CompletedTask;

    public Task<IReadOnlyList<PromotionTicket>> RecoverInterruptedPromotionsAsync() => Task.FromResult(store.RecoverInterruptedPromotions());

    /// <summary>An endpoint whose version fails to load is FAILED with the error; one that loads again is IN_SERVICE.</summary>
    public void StartLoaded(string tenant, string endpoint, VersionRef version, string? error) => store.RecordServingLoad(tenant, endpoint, error);

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
