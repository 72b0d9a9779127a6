using Google.Protobuf.Reflection;
using NeuronEngine.Client.Internal;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Tests.Internal;

public sealed class CallRetriesTests
{
    /// <summary>The calls deliberately not retried: writes whose second run is not the first's (or the tracker's own stream).</summary>
    private static readonly HashSet<string> NotRetried =
    [
        "neuron.v1.EventService/TrackStream",
        "neuron.v1.EventTypeService/CreateEventType",
        "neuron.v1.EventTypeService/UpdateEventType",
        "neuron.v1.EventTypeService/DeleteEventType",
        "neuron.v1.CatalogService/UpsertItems",
        "neuron.v1.CatalogService/DeleteItems",
        "neuron.v1.TemplateService/CreateTemplate",
        "neuron.v1.TemplateService/UpdateTemplate",
        "neuron.v1.TemplateService/PublishTemplate",
        "neuron.v1.TemplateService/DeleteTemplate",
        "neuron.v1.TrainingService/StartRun",
        "neuron.v1.TrainingService/StopRun",
        "neuron.v1.TrainingService/UploadDataset",
        "neuron.v1.TrainingService/DeleteDataset",
        "neuron.v1.ModelService/UpdateVersion",
        "neuron.v1.ModelService/ApproveVersion",
        "neuron.v1.ModelService/RegisterVersion",
        "neuron.v1.ModelService/Promote",
        "neuron.v1.AdminService/Backup",
        "neuron.v1.KeyService/CreateKey",
        "neuron.v1.KeyService/RevokeKey",
    ];

    private static readonly ServiceDescriptor[] ClientServices =
    [
        EventService.Descriptor, EventTypeService.Descriptor, CatalogService.Descriptor, TemplateService.Descriptor, TrainingService.Descriptor,
        ModelService.Descriptor, RecommendationService.Descriptor, AdminService.Descriptor, KeyService.Descriptor,
    ];

    [Fact]
    public void Retried_EveryEntry_IsAMethodOfItsService() =>
        Assert.All(CallRetries.Retried, r => Assert.NotNull(r.Service.FindMethodByName(r.Method)));

    /// <summary>A method added to the API fails this until someone decides whether a second run of it is harmless.</summary>
    [Fact]
    public void Retried_EveryMethodOfTheClientsServices_IsRetriedOrDeliberatelyNot()
    {
        var retried = CallRetries.Retried.Select(r => $"{r.Service.FullName}/{r.Method}").ToHashSet();

        Assert.Empty(retried.Intersect(NotRetried));
        Assert.All(
            ClientServices.SelectMany(s => s.Methods).Select(m => $"{m.Service.FullName}/{m.Name}"),
            name => Assert.True(retried.Contains(name) || NotRetried.Contains(name), $"{name} is neither retried nor listed as not retried"));
    }

    [Fact]
    public void ServiceConfig_Balanced_RoundRobinAndUnavailableOnly()
    {
        var config = CallRetries.ServiceConfig(balanced: true);

        Assert.IsType<Grpc.Net.Client.Configuration.RoundRobinConfig>(Assert.Single(config.LoadBalancingConfigs));
        var policy = Assert.Single(config.MethodConfigs).RetryPolicy!;
        Assert.Equal([Grpc.Core.StatusCode.Unavailable], policy.RetryableStatusCodes);
        Assert.Empty(CallRetries.ServiceConfig(balanced: false).LoadBalancingConfigs);
    }
}
