using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NeuronEngine.Trainer.Telemetry;

internal static class TrainerTelemetryServiceCollectionExtensions
{
    /// <summary>Exports the trainer's spans by OTLP when <see cref="TrainerTelemetryOptions.OtlpEndpoint"/> is set; otherwise adds nothing.</summary>
    public static IServiceCollection AddTrainerTelemetry(this IServiceCollection services, TrainerTelemetryOptions options)
    {
        if (string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("neuron-trainer"))
            .WithTracing(tracing => tracing.AddSource(TrainerTelemetry.ActivitySourceName))
            .UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(options.OtlpEndpoint));
        return services;
    }
}
