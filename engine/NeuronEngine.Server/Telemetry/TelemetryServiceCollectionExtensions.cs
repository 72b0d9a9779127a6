using System.Diagnostics.Metrics;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Server.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NeuronEngine.Server.Telemetry;

/// <summary>Metrics, traces and their exporters: Prometheus on its own port, OTLP when configured.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The path Prometheus scrapes, on <see cref="TelemetryOptions.MetricsPort"/> only.</summary>
    public const string ScrapePath = "/metrics";

    /// <summary>Adds the gRPC instruments and the OpenTelemetry exporters of the engine's instruments.</summary>
    public static IServiceCollection AddEngineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<GrpcMetrics>();
        services.TryAddSingleton<GrpcMetricsInterceptor>();

        // Which exporters exist is decided while services are registered, before the section is checked: a value that
        // does not parse counts as unset here, and the start-up check names it (one line, exit code 2).
        TelemetryOptions options;
        try
        {
            options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        }
        catch (InvalidOperationException)
        {
            options = new TelemetryOptions();
        }

        var otlp = Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;
        if (options.MetricsPort == 0 && otlp is null)
        {
            // Nothing exports: the instruments stay unobserved and cost one Enabled check each.
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("neuron-engine", serviceVersion: typeof(EngineHost).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EngineTelemetry.MeterName);

                // The runtime's own instruments (GC collections and pause time, heap sizes, thread-pool queue, lock
                // contention, CPU): what an operator reads next to a latency spike.
                metrics.AddMeter(EngineTelemetry.RuntimeMeterName);
                if (options.MetricsPort > 0)
                {
                    // No response cache: a scrape right after a call must see it (Prometheus scrapes every 15 s or so anyway).
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });
        // The SDK listens by meter name across the whole process: keep only this engine's instruments (and the
        // process-wide runtime ones), so engines sharing a process (tests) neither report each other's nor lose theirs
        // as duplicates of a disposed one.
        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) =>
        {
            var own = sp.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument =>
                instrument.Meter.Scope == own || instrument.Meter.Name == EngineTelemetry.RuntimeMeterName ? null : MetricStreamConfiguration.Drop);
        });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(EngineTelemetry.ActivitySourceName));
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, otlp);
        }

        return services;
    }

    /// <summary>
    /// Maps <see cref="ScrapePath"/> on the metrics port alone (so the gRPC port never answers it), and creates the
    /// observable instruments nothing else asks for.
    /// </summary>
    public static IEndpointRouteBuilder MapEngineTelemetry(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.ServiceProvider.GetRequiredService<EventLogMetrics>();
        endpoints.ServiceProvider.GetRequiredService<CheckpointMetrics>();
        endpoints.ServiceProvider.GetRequiredService<ServingMetrics>();
        var port = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPort;
        if (port > 0)
        {
            // The port the connection came in on, not the Host header: RequireHost matched a caller's :authority, so a
            // request on the gRPC port naming the metrics port in its Host header got the metrics without a key.
            endpoints.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(next => context =>
            {
                if (context.Connection.LocalPort == port)
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }), optionsName: null);
        }

        return endpoints;
    }
}
