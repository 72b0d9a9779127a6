using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>
/// Channels that call an engine as someone: with an API key (or none), naming a tenant (or none), and from a chosen
/// local source address — 127.0.0.2 is a loopback address the engine does not trust, so it stands for another host.
/// </summary>
public static class Callers
{
    /// <summary>A source address on this machine that loopback mode treats as a stranger.</summary>
    public static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.2");

    public static GrpcChannel Channel(string address, IPAddress? from = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Handler(from) });

    /// <summary>An HTTP handler whose connections come from <paramref name="from"/> (any local address when null).</summary>
    public static SocketsHttpHandler Handler(IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler();
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }

    /// <summary>An invoker that sends <c>authorization: Bearer <paramref name="secret"/></c> and <c>x-tenant</c> when given.</summary>
    public static CallInvoker Invoker(GrpcChannel channel, string? secret, string? tenant = null) =>
        channel.CreateCallInvoker().Intercept(metadata =>
        {
            if (secret is not null)
            {
                metadata.Add("authorization", $"Bearer {secret}");
            }

            if (tenant is not null)
            {
                metadata.Add("x-tenant", tenant);
            }

            return metadata;
        });

    /// <summary>Creates a key through KeyService as <paramref name="invoker"/>'s caller; returns its id and secret.</summary>
    public static async Task<(string KeyId, string Secret)> CreateKeyAsync(CallInvoker invoker, string name, string tenant, params string[] roles)
    {
        var request = new CreateKeyRequest { Name = name, Tenant = tenant };
        request.Roles.Add(roles);
        var created = await new KeyService.KeyServiceClient(invoker).CreateKeyAsync(request).ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
        return (created.Key.KeyId, created.Secret);
    }
}
