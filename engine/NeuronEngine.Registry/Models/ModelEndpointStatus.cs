namespace NeuronEngine.Registry.Models;

/// <summary>What an endpoint is doing. The numbers match the wire enum <c>neuron.v1.EndpointStatus</c>.</summary>
public enum ModelEndpointStatus
{
    /// <summary>Nothing was ever promoted (or no promotion ever succeeded): recommendations are empty.</summary>
    None = 1,

    /// <summary>Serving <see cref="ModelEndpoint.Version"/>.</summary>
    InService = 2,

    /// <summary>A promotion is loading a new version; the previous one (if any) keeps serving until it succeeds.</summary>
    Updating = 3,

    /// <summary>
    /// Part of the wire contract for the host's use; this store never sets it (a failed promotion leaves the endpoint
    /// serving its previous version, InService, with <see cref="ModelEndpoint.LastError"/> set).
    /// </summary>
    Failed = 4,
}
