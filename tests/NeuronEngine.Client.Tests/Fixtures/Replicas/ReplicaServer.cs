using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Fixtures.Replicas;

/// <summary>
/// A minimal real gRPC server on 127.0.0.1 standing in for one engine replica: the few neuron.v1 calls the balancing
/// tests make, recorded in its <see cref="Replica"/>. It can be killed: its connections are cut, not drained.
/// </summary>
public sealed class ReplicaServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2? certificate;
    private bool stopped;

    private ReplicaServer(WebApplication app, Replica replica, X509Certificate2? certificate)
    {
        this.app = app;
        this.certificate = certificate;
        Replica = replica;
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
    }

    public Replica Replica { get; }

    public int Port { get; }

    /// <summary>http://127.0.0.1:port, or https://<paramref name="host"/>:port for a TLS replica.</summary>
    public string Address(string host = "127.0.0.1") => $"{(certificate is null ? "http" : "https")}://{host}:{Port}";

    /// <summary>
    /// Starts a replica; with <paramref name="tls"/>, it serves that certificate and asks for (does not require) a client
    /// certificate, recording its subject.
    /// </summary>
    public static async Task<ReplicaServer> StartAsync(string name, ReplicaLedger ledger, PemPair? tls = null)
    {
        var certificate = tls is null ? null : X509Certificate2.CreateFromPemFile(tls.Certificate, tls.Key);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is null)
                {
                    listen.Protocols = HttpProtocols.Http2;
                    return;
                }

                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            });
        });
        builder.Services.AddGrpc();
        var replica = new Replica(name, ledger);
        builder.Services.AddSingleton(replica);
        var app = builder.Build();
        app.MapGrpcService<RecordingEventService>();
        app.MapGrpcService<RecordingRecommendationService>();
        app.MapGrpcService<RecordingCatalogService>();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new ReplicaServer(app, replica, certificate);
    }

    /// <summary>Stops at once: open connections and streams are cut, as when the process dies.</summary>
    public async Task KillAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync(new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await app.DisposeAsync();
        certificate?.Dispose();
    }
}
