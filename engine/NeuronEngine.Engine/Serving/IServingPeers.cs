using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Serving;

/// <summary>
/// What a promotion shares with the engine's other replicas. Single-node mode has none (<see cref="LocalServingPeers"/>);
/// cluster mode tells every replica to load what was promoted (<c>Cluster/ClusterServingPeers</c>).
/// </summary>
/// <remarks>Every hook runs on the promoting caller's thread (or the start-up loader's), never concurrently for one endpoint.</remarks>
internal interface IServingPeers
{
    /// <summary>
    /// Called before a promotion begins in the registry; the result is disposed once it has ended, however it ended. A
    /// throw (the cluster's Redis cannot be reached) fails the promotion before anything was written.
    /// </summary>
    ValueTask<IDisposable> PromotingAsync(CancellationToken cancellationToken);

    /// <summary>The registry's record of an endpoint changed here (a promotion began, failed or was recovered). Never throws.</summary>
    void EndpointChanged(string tenant, string endpoint);

    /// <summary>
    /// The registry records <paramref name="ticket"/>'s version IN_SERVICE and this replica serves it: the other replicas
    /// load it too. Never throws: a notification that could not be sent is retried later.
    /// </summary>
    Task PromotedAsync(PromotionTicket ticket);

    /// <summary>
    /// Fails the promotions a crash interrupted (<see cref="IModelStore.RecoverInterruptedPromotions"/>) when doing so
    /// cannot fail one still running; returns them. Called at start, before the promoted versions load.
    /// </summary>
    Task<IReadOnlyList<PromotionTicket>> RecoverInterruptedPromotionsAsync();

    /// <summary>How loading an endpoint's promoted version at start went: <paramref name="error"/> null when it loaded.</summary>
    void StartLoaded(string tenant, string endpoint, VersionRef version, string? error);
}
