using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Serving;

/// <summary>An endpoint's status as callers see it (GetEndpoint, WatchEndpoint, Promote's answer).</summary>
internal interface IEndpointStatus
{
    /// <summary>
    /// <paramref name="registered"/> (the registry's record of <paramref name="tenant"/>'s endpoint) as it stands for
    /// the whole engine: single-node mode, as recorded; cluster mode, UPDATING until every live replica serves the
    /// promoted version. Throws UNAVAILABLE when the cluster's replicas cannot be read.
    /// </summary>
    ValueTask<ModelEndpoint> ResolveAsync(string tenant, ModelEndpoint registered);
}
