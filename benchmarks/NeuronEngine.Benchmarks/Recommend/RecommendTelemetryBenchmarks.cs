using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Engine.Recommend;
using NeuronEngine.Engine.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NeuronEngine.Benchmarks.Recommend;

/// <summary>
/// The whole Recommend path in-process (as <see cref="RecommendPathBenchmarks"/>, 100k items × 64, a user with 50
/// interactions) with telemetry off and on. On: the real OpenTelemetry SDK in-process — a meter provider with the
/// Prometheus exporter aggregating the engine's meter, and a tracer provider sampling every span of the engine's
/// source — the Recommend span, the three stage timings and a per-call duration shaped as the host's gRPC interceptor
/// records it (a histogram on the engine's meter tagged with method and status; the host's own instrument is not
/// reachable from the engine library this project references).
/// Target: on costs at most 3 % over off.
/// </summary>
[MemoryDiagnoser]
public class RecommendTelemetryBenchmarks
{
    private const string Method = "/neuron.v1.RecommendationService/Recommend";
    private readonly RecommendRequest request = new() { UserId = RecommendEnvironment.UserId(0), Count = 10 };
    private ServiceProvider? services;
    private MeterProvider? meterProvider;
    private TracerProvider? tracerProvider;
    private CallDuration? grpc;
    private CallDuration probeGrpc = null!;
    private RecommendMetrics probeStages = null!;
    private RecommendEnvironment environment = null!;

    [Params(false, true)]
    public bool Telemetry { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        if (Telemetry)
        {
            meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(EngineTelemetry.MeterName).AddPrometheusExporter().Build();
            tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(EngineTelemetry.ActivitySourceName).SetSampler(new AlwaysOnSampler()).Build();
            grpc = new CallDuration(meters);
        }

        probeGrpc = new CallDuration(meters);
        probeStages = new RecommendMetrics(meters);

        // Off means what an engine without exporters runs: the instruments exist, nobody listens.
        environment = new RecommendEnvironment(100_000, users: 1, new RecommendBatchingOptions(), meters);
        if (Recommend() != 10)
        {
            throw new InvalidOperationException("the path did not recommend 10 items");
        }
    }

    [Benchmark]
    public int Recommend()
    {
        var started = Stopwatch.GetTimestamp();
        var pending = environment.Recommender.RecommendAsync(RecommendEnvironment.Tenant, request, CancellationToken.None);
        var count = pending.IsCompletedSuccessfully ? pending.Result.Items.Count : throw new InvalidOperationException("a lone call did not complete inline");
        if (grpc is { Enabled: true })
        {
            grpc.Record(Method, "OK", Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        return count;
    }

    /// <summary>
    /// Only what telemetry adds to one call (the span with its tags, three stage timings, the gRPC duration), so the
    /// overhead can be read against <see cref="Recommend"/> even when a busy machine makes the path's own time noisy.
    /// </summary>
    [Benchmark]
    public void TelemetryWorkAlone()
    {
        using var activity = EngineTelemetry.Source.StartActivity(Recommender.SpanName);
        activity?.SetTag("neuron.tenant", RecommendEnvironment.Tenant);
        activity?.SetTag(Recommender.ModelFamilyTag, "bench");
        activity?.SetTag(Recommender.ModelVersionTag, 1);
        var start = probeStages.Enabled ? Stopwatch.GetTimestamp() : 0;
        if (start != 0)
        {
            var now = Stopwatch.GetTimestamp();
            probeStages.RecordHistory(start, now);
            probeStages.RecordInference(start, now);
            probeStages.RecordFilter(start, now);
        }

        if (probeGrpc.Enabled)
        {
            probeGrpc.Record(Method, "OK", Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        environment.Dispose();
        tracerProvider?.Dispose();
        meterProvider?.Dispose();
        services?.Dispose();
    }

    /// <summary>The host's per-call duration instrument as it records: one histogram, method and status tags.</summary>
    private sealed class CallDuration(IMeterFactory meters)
    {
        private readonly Histogram<double> duration = meters.Create(EngineTelemetry.MeterName).CreateHistogram<double>(
            "neuron.grpc.server.duration", "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Latency });

        public bool Enabled => duration.Enabled;

        public void Record(string method, string status, double seconds) =>
            duration.Record(seconds, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status));
    }
}
