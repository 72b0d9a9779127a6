using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Server.Hosting;

namespace NeuronEngine.IntegrationTests.Services;

public sealed class HostingTests(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task HealthCheck_OverallAndEveryService_Serving()
    {
        using var c = engine.Clients(null);
        var health = new Health.HealthClient(c.Channel);
        foreach (var service in EngineServiceCollectionExtensions.ServiceNames.Prepend(""))
        {
            var response = await health.CheckAsync(new HealthCheckRequest { Service = service }).Within();
            Assert.True(response.Status == HealthCheckResponse.Types.ServingStatus.Serving, $"'{service}' is {response.Status}");
        }

        await RpcAssert.FailsAsync(StatusCode.NotFound, () => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }).ResponseAsync);
    }

    [Fact]
    public async Task Reflection_ListsEveryNeuronService()
    {
        using var c = engine.Clients(null);
        var reflection = new ServerReflection.ServerReflectionClient(c.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToHashSet();
        Assert.Superset(EngineServiceCollectionExtensions.ServiceNames.ToHashSet(), names);
    }
}
