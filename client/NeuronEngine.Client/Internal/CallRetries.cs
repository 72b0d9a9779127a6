using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client.Internal;

/// <summary>
/// Which calls the channel sends again by itself, and how: the service config of every channel the SDK makes.
/// </summary>
/// <remarks>
/// Only <c>UNAVAILABLE</c> is retried: it means the call never ran or its replica went away, and the next attempt is
/// picked afresh, so with several endpoints it goes to a replica that is up. Only calls that are safe to run twice are
/// listed: reads, and <c>Track</c>, whose events always carry an <c>event_id</c> the engine deduplicates
/// (<see cref="EventIds"/>). Writes that are not idempotent (<c>CreateKey</c>, <c>StartRun</c>, <c>Promote</c>,
/// <c>RegisterVersion</c>, uploads, …) are never retried: the caller decides. A stream is retried only until the engine
/// answers its first message; the tracker's <c>TrackStream</c> has its own retries (<c>EventTracker</c>).
/// </remarks>
internal static class CallRetries
{
    /// <summary>Attempts per call, the first included (the channel allows at most 5).</summary>
    public const int MaxAttempts = 4;

    /// <summary>Back-off before the first retry (randomised by gRPC between zero and this), doubling up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest back-off between two attempts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The methods retried on <c>UNAVAILABLE</c>, as (service, method).</summary>
    public static IReadOnlyList<(ServiceDescriptor Service, string Method)> Retried { get; } =
    [
        (EventService.Descriptor, "Track"),
        (EventService.Descriptor, "GetEventStats"),
        (EventTypeService.Descriptor, "GetEventType"),
        (EventTypeService.Descriptor, "ListEventTypes"),
        (CatalogService.Descriptor, "GetItem"),
        (CatalogService.Descriptor, "ListItems"),
        (TemplateService.Descriptor, "GetTemplate"),
        (TemplateService.Descriptor, "ListTemplates"),
        (RecommendationService.Descriptor, "Recommend"),
        (RecommendationService.Descriptor, "SimilarItems"),
        (TrainingService.Descriptor, "GetRun"),
        (TrainingService.Descriptor, "ListRuns"),
        (TrainingService.Descriptor, "WatchRun"),
        (TrainingService.Descriptor, "GetRunLogs"),
        (TrainingService.Descriptor, "ListDatasets"),
        (ModelService.Descriptor, "ListFamilies"),
        (ModelService.Descriptor, "ListVersions"),
        (ModelService.Descriptor, "GetVersion"),
        (ModelService.Descriptor, "GetEndpoint"),
        (ModelService.Descriptor, "WatchEndpoint"),
        (ModelService.Descriptor, "ListPromotions"),
        (KeyService.Descriptor, "ListKeys"),
        (AdminService.Descriptor, "GetClusterStatus"),
    ];

    /// <summary>A new service config: the retry policy for <see cref="Retried"/>, and round robin when <paramref name="balanced"/>.</summary>
    public static ServiceConfig ServiceConfig(bool balanced)
    {
        var retried = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = MaxAttempts,
                InitialBackoff = InitialBackoff,
                MaxBackoff = MaxBackoff,
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var (service, method) in Retried)
        {
            retried.Names.Add(new MethodName { Service = service.FullName, Method = method });
        }

        var config = new ServiceConfig { MethodConfigs = { retried } };
        if (balanced)
        {
            config.LoadBalancingConfigs.Add(new RoundRobinConfig());
        }

        return config;
    }
}
