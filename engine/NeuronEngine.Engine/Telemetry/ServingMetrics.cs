using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Engine.Telemetry;

/// <summary>
/// What each tenant endpoint serves (<c>neuron.serving.version</c>) and how promotions go (<c>neuron.promotions</c>,
/// <c>neuron.promotion.duration</c>).
/// </summary>
/// <remarks>
/// The served-version gauge is 1 for the version an endpoint serves and 0 for the versions it served before in this
/// process, so a dashboard sees the swap whether or not its store keeps series that stop reporting.
/// </remarks>
internal sealed class ServingMetrics
{
    /// <summary>Retired versions kept per endpoint (at 0): bounds the series a long-lived engine reports.</summary>
    private const int RetiredKept = 8;

    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), EndpointState> endpoints = new();
    private readonly TenantLabels tenants;
    private readonly Counter<long> promotions;
    private readonly Histogram<double> promotionDuration;

    public ServingMetrics(IMeterFactory meters, TenantLabels tenants)
    {
        this.tenants = tenants;
        var meter = meters.Create(EngineTelemetry.MeterName);
        meter.CreateObservableGauge(
            "neuron.serving.version", Observe, null, "1 for the model version a tenant endpoint serves, 0 for versions it served before.");
        promotions = meter.CreateCounter<long>("neuron.promotions", "{promotion}", "Promotions by tenant and result (ok, failed, rolled_back).");
        promotionDuration = meter.CreateHistogram(
            "neuron.promotion.duration", "s", "Time of a promotion from the request to the recorded result (load, check, warm-up, swap), by result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.Slow });
    }

    /// <summary><paramref name="version"/> now serves on the endpoint.</summary>
    public void Served(string tenant, string endpoint, VersionRef version)
    {
        // Labelled when first served, so which tenants get their own label follows the order they arrived in.
        var state = endpoints.GetOrAdd((tenant, endpoint), static (_, label) => new EndpointState(label), tenants.For(tenant));
        lock (state)
        {
            if (state.Current is { } current && current.Version != version)
            {
                state.Retired.Remove(current);
                state.Retired.Add(current);
                if (state.Retired.Count > RetiredKept)
                {
                    state.Retired.RemoveAt(0);
                }
            }

            state.Retired.RemoveAll(r => r.Version == version);
            state.Current = new ServedVersion(version.Family.ToString(), version.Version.ToString(CultureInfo.InvariantCulture), version);
        }
    }

    /// <summary>A promotion ended with <paramref name="result"/> (<see cref="PromotionResults"/>) after <paramref name="duration"/>.</summary>
    public void Promotion(string tenant, string result, TimeSpan duration)
    {
        promotions.Add(1, new KeyValuePair<string, object?>("tenant", tenants.For(tenant)), new KeyValuePair<string, object?>("result", result));
        promotionDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("result", result));
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        var measurements = new List<Measurement<int>>();
        foreach (var ((_, endpoint), state) in endpoints)
        {
            var label = state.TenantLabel;
            lock (state)
            {
                foreach (var retired in state.Retired)
                {
                    measurements.Add(Measure(0, label, endpoint, retired));
                }

                if (state.Current is { } current)
                {
                    measurements.Add(Measure(1, label, endpoint, current));
                }
            }
        }

        return measurements;
    }

    private static Measurement<int> Measure(int value, string tenant, string endpoint, ServedVersion served) => new(
        value,
        new KeyValuePair<string, object?>("tenant", tenant),
        new KeyValuePair<string, object?>("endpoint", endpoint),
        new KeyValuePair<string, object?>("family", served.Family),
        new KeyValuePair<string, object?>("version", served.VersionText));

    private sealed record ServedVersion(string Family, string VersionText, VersionRef Version);

    private sealed class EndpointState(string tenantLabel)
    {
        public string TenantLabel { get; } = tenantLabel;

        public ServedVersion? Current { get; set; }

        public List<ServedVersion> Retired { get; } = [];
    }
}
