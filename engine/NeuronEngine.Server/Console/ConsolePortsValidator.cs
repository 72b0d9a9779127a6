using Microsoft.Extensions.Options;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Server.Console;

/// <summary>
/// The console's port against the engine's other listeners: one port cannot serve two of them, and the engine would
/// otherwise stop at start with Kestrel's "address already in use" instead of a line naming the settings.
/// </summary>
internal sealed class ConsolePortsValidator(IOptions<EngineOptions> engine, IOptions<TelemetryOptions> telemetry) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port <= 0)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (Read(engine) is { Port: > 0 } grpc && grpc.Port == options.Port)
        {
            errors.Add($"{ConsoleOptions.SectionName}:Port must differ from {EngineOptions.SectionName}:Port (both {options.Port})");
        }

        if (Read(telemetry) is { MetricsPort: > 0 } metrics && metrics.MetricsPort == options.Port)
        {
            errors.Add($"{ConsoleOptions.SectionName}:Port must differ from {TelemetryOptions.SectionName}:MetricsPort (both {options.Port})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // A section that is itself invalid is reported by its own validator; the comparison is skipped.
    private static T? Read<T>(IOptions<T> options)
        where T : class
    {
        try
        {
            return options.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
