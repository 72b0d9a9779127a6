using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;
using static NeuronEngine.IntegrationTests.Fixtures.Seed;

namespace NeuronEngine.IntegrationTests.Operations.Telemetry;

/// <summary>Real traffic against a real engine, then a scrape of <c>/metrics</c> on its metrics port.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests(TelemetryEngine engine) : IDisposable
{
    private const string Recommend = "/neuron.v1.RecommendationService/Recommend";
    private const string GrpcCount = "neuron_grpc_server_duration_seconds_count";
    private readonly TempDirectory scratch = new("metrics");

    [Fact]
    public async Task Recommend_OkAndBadCalls_CountedByMethodAndStatus()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch(Event("u1", PlantedModels.ItemId(1)), Event("u1", PlantedModels.ItemId(5)))).Within();
        var version = await ModelUploads.RegisterApprovedAsync(c, "recs", scratch, "v1");
        await c.Models.PromoteAsync(new PromoteRequest { Family = "recs", Version = version }).Within();
        var before = await engine.ScrapeAsync();

        for (var i = 0; i < 7; i++)
        {
            var response = await c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1", Count = 3 }).Within();
            Assert.Equal(3, response.Items.Count);
        }

        await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => c.Recommendations.RecommendAsync(new RecommendRequest { UserId = "u1", Count = 5000 }).ResponseAsync);
        var after = await engine.ScrapeAsync();

        Assert.Equal(7, Delta(before, after, GrpcCount, ("method", Recommend), ("status", "OK")));
        Assert.Equal(1, Delta(before, after, GrpcCount, ("method", Recommend), ("status", "INVALID_ARGUMENT")));
        Assert.Contains(after.Samples, s => s.Name == "neuron_grpc_server_duration_seconds_bucket" && s.Labels.GetValueOrDefault("method") == Recommend && s.Labels.ContainsKey("le"));

        // Every successful call with history times each stage once; the refused one fails before any stage.
        foreach (var stage in new[] { "history", "inference", "filter" })
        {
            Assert.Equal(7, Delta(before, after, "neuron_recommend_stage_duration_seconds_count", ("stage", stage)));
        }
    }

    [Fact]
    public async Task TrackAndTrackStream_EventsDuplicatesAndGroupCommits_Counted()
    {
        var tenant = EngineFixture.NewTenant();
        using var c = engine.Clients(tenant);
        await EventTypesAsync(c);
        var before = await engine.ScrapeAsync();

        await c.Events.TrackAsync(Batch(Event("u1", "a", id: "e1"), Event("u1", "b", id: "e2"), Event("u2", "a"))).Within();
        await c.Events.TrackAsync(Batch(Event("u1", "a", id: "e1"), Event("u3", "c", id: "e3"))).Within();
        using (var stream = c.Events.TrackStream())
        {
            await stream.RequestStream.WriteAsync(Batch(Event("u4", "d"), Event("u4", "e", id: "e2")));
            await stream.RequestStream.CompleteAsync();
            while (await stream.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)))
            {
            }
        }

        var after = await engine.ScrapeAsync();
        Assert.Equal(5, Delta(before, after, "neuron_ingest_events_total", ("tenant", tenant)));
        Assert.Equal(2, Delta(before, after, "neuron_ingest_duplicates_total", ("tenant", tenant)));
        Assert.Equal(2, Delta(before, after, GrpcCount, ("method", "/neuron.v1.EventService/Track"), ("status", "OK")));
        Assert.Equal(1, Delta(before, after, GrpcCount, ("method", "/neuron.v1.EventService/TrackStream"), ("status", "OK")));

        // Three batches were written, each in some group commit that was timed once.
        var groups = Delta(before, after, "neuron_eventlog_group_batches_count");
        Assert.InRange(groups, 1, 3);
        Assert.Equal(groups, Delta(before, after, "neuron_eventlog_flush_duration_seconds_count"));
        Assert.Equal(3, Delta(before, after, "neuron_eventlog_group_batches_sum"));
        Assert.True(Delta(before, after, "neuron_eventlog_records_total") >= 3);
        Assert.True(after.Sum("neuron_eventlog_bytes_total") > 0);
    }

    [Fact]
    public async Task Checkpoints_EverySecond_DurationRecordedAndAgeReported()
    {
        using var c = engine.Clients(EngineFixture.NewTenant());
        await EventTypesAsync(c);
        await c.Events.TrackAsync(Batch(Event("u1", "a"))).Within();
        var before = await engine.ScrapeAsync();

        MetricsScrape after;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(200);
            after = await engine.ScrapeAsync();
        }
        while (Delta(before, after, "neuron_checkpoint_duration_seconds_count") == 0 && DateTime.UtcNow < deadline);

        Assert.True(Delta(before, after, "neuron_checkpoint_duration_seconds_count") >= 1, "no checkpoint was recorded in 30 s");
        var age = Assert.Single(after.Find("neuron_checkpoint_age_seconds")).Value;
        Assert.InRange(age, 0, 30);
    }

    [Fact]
    public async Task RuntimeMetrics_GcAndThreadPool_ExportedAlongsideTheEngines()
    {
        var before = await engine.ScrapeAsync();
        var garbage = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            garbage.Add(new byte[64 * 1024]);
        }

        GC.KeepAlive(garbage);
        var after = await engine.ScrapeAsync();

        // Runtime instruments are process-wide; the allocations above are this process's, so the total must grow.
        Assert.True(Delta(before, after, "dotnet_gc_heap_total_allocated_bytes_total") >= 64 * 64 * 1024);
        Assert.NotEmpty(after.Find("dotnet_gc_collections_total"));
        Assert.NotEmpty(after.Find("dotnet_gc_pause_time_seconds_total"));
        Assert.NotEmpty(after.Find("dotnet_thread_pool_queue_length_total"));
    }

    [Fact]
    public async Task GrpcPort_AskedForMetrics_DoesNotServeThem()
    {
        using var http = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.GetAsync(new Uri(new Uri(engine.Address), "/metrics")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static double Delta(MetricsScrape before, MetricsScrape after, string name, params (string Key, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    public void Dispose() => scratch.Dispose();
}
