using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.DependencyInjection;

namespace NeuronEngine.Client.Internal;

/// <summary>
/// The channel to the engine's replicas: one address as it is, several through the static resolver and round robin; the
/// retry policy of <see cref="CallRetries"/> either way.
/// </summary>
/// <remarks>
/// With several addresses the channel's address is <see cref="BalancedAddress"/>, which says nothing about TLS, so the
/// channel credentials say it (the replicas share a scheme). gRPC sends each call to its replica's host and port, and
/// the TLS handshake checks the certificate against that host: each replica's certificate must name the host its
/// endpoint names, as with one endpoint.
/// </remarks>
internal static class EngineChannel
{
    /// <summary>The channel address with several replicas; the static resolver gives the addresses, the name is for logs.</summary>
    public static readonly Uri BalancedAddress = new("static:///neuron");

    /// <summary>A channel for these (validated) options, with their TLS handler when they have certificate files.</summary>
    public static GrpcChannel Create(NeuronClientOptions options)
    {
        var addresses = options.Addresses();
        var channel = new GrpcChannelOptions();
        if (ChannelSecurity.IsConfigured(options))
        {
            channel.HttpHandler = ChannelSecurity.CreateHandler(options);
        }

        Configure(channel, addresses);
        return GrpcChannel.ForAddress(Address(addresses), channel);
    }

    /// <summary>The address the channel is made for.</summary>
    public static Uri Address(IReadOnlyList<Uri> addresses) => addresses.Count == 1 ? addresses[0] : BalancedAddress;

    /// <summary>Sets the service config and, for several replicas, the resolver and the credentials.</summary>
    public static void Configure(GrpcChannelOptions channel, IReadOnlyList<Uri> addresses)
    {
        var balanced = addresses.Count > 1;
        channel.ServiceConfig = CallRetries.ServiceConfig(balanced);
        if (!balanced)
        {
            return;
        }

        channel.Credentials = addresses[0].Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;

        // A provider of the channel's own: the static resolver must not be registered in an application's container,
        // where it would answer for every other static:/// channel too.
        BalancerAddress[] replicas = [.. addresses.Select(a => new BalancerAddress(a.IdnHost, a.Port))];
        channel.ServiceProvider = new ServiceCollection()
            .AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => replicas))
            .BuildServiceProvider();
    }
}
