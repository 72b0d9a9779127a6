using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Serving;

/// <summary>Single-node mode: the one replica's promotions are the registry's, so its record is the status.</summary>
internal sealed class RegistryEndpointStatus : IEndpointStatus
{
    public ValueTask<ModelEndpoint> ResolveAsync(string tenant, ModelEndpoint registered) => ValueTask.FromResult(registered);
}
