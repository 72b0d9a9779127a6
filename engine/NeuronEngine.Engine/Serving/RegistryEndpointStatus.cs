using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Serving;

/// <summary>Single-node mode: the one replica's promotions are the registry's, so its record is the status.</summary>
internal sealed class RegistryEndpointStatus : IEndpointStatus
{
    public ModelEndpoint Resolve(string tenant, ModelEndpoint registered) => registered;
}
