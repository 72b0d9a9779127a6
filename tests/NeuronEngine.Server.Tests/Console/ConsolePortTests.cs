using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Testing;

namespace NeuronEngine.Server.Tests.Console;

/// <summary>The console and the gRPC services each answer on their own port only, decided by the port, not the Host header.</summary>
public sealed class ConsolePortTests : IAsyncLifetime
{
    private readonly TempDirectory data = new("console-ports");
    private readonly int consolePort = FreePort();
    private WebApplication? app;
    private string grpc = string.Empty;

    public async Task InitializeAsync()
    {
        app = EngineHost.Build(
            ["--port", "0", "--host", "127.0.0.1", "--data-dir", data.Path, "--trainer", "off", "--console-port", consolePort.ToString(CultureInfo.InvariantCulture)],
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        grpc = EngineHost.GetAddresses(app).First();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await app.DisposeAsync();
        }

        data.Dispose();
    }

    [Fact]
    public async Task ConsolePort_ServesTheConsole_AndGrpcPortStaysFirst()
    {
        using var http = new HttpClient();

        using var page = await http.GetAsync(new Uri($"http://127.0.0.1:{consolePort}/console/signin")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("API key", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain($":{consolePort}", grpc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcCall_OnTheConsolePort_IsNotServed()
    {
        using var clients = new EngineClients($"http://127.0.0.1:{consolePort}");

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await clients.EventTypes.ListEventTypesAsync(new Contracts.V1.ListEventTypesRequest(), deadline: DateTime.UtcNow.AddSeconds(20)));

        Assert.NotEqual(StatusCode.OK, ex.StatusCode);

        // Over HTTP/1.1 the route exists, but not on this port.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{consolePort}/neuron.v1.EventTypeService/ListEventTypes"))
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");
        using var answer = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);

        // The same call on the gRPC port is served (a loopback caller is the operator).
        using var right = new EngineClients(grpc);
        await right.EventTypes.ListEventTypesAsync(new Contracts.V1.ListEventTypesRequest(), deadline: DateTime.UtcNow.AddSeconds(20));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConsolePage_OnTheGrpcPort_IsNotServed_WhateverTheHostHeader(bool consoleHost)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{grpc}/console/signin"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (consoleHost)
        {
            request.Headers.Host = $"127.0.0.1:{consolePort}";
        }

        using var answer = await http.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain("API key", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
