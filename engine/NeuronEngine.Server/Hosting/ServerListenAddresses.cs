using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NeuronEngine.Engine.Hosting;

namespace NeuronEngine.Server.Hosting;

/// <summary>Kestrel's bound addresses, for the engine's <see cref="IListenAddresses"/>.</summary>
internal sealed class ServerListenAddresses(IServer server) : IListenAddresses
{
    public IReadOnlyCollection<string> Addresses =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses is { } addresses ? [.. addresses] : [];
}
