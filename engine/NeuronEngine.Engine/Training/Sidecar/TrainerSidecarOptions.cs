using NeuronEngine.Core;
namespace NeuronEngine.Engine.Training.Sidecar;

/// <summary>How the engine runs its trainer. Bound from the <c>Trainer</c> section; <c>--trainer</c> maps to <see cref="Mode"/>.</summary>
public sealed class TrainerSidecarOptions : IValidatedOptions
{
    public const string SectionName = "Trainer";

    /// <summary>
    /// <c>sidecar</c> (the default): the engine starts the trainer as a child process, restarts it with back-off when it
    /// dies and stops it with the engine. <c>external</c>: trainers run elsewhere and lease runs over gRPC.
    /// <c>off</c>: no trainer is expected; runs stay queued.
    /// </summary>
    public string Mode { get; set; } = "sidecar";

    /// <summary>
    /// The trainer to start: its <c>NeuronEngine.Trainer.dll</c> (run with this engine's <c>dotnet</c>) or an executable.
    /// Empty: <c>trainer/NeuronEngine.Trainer.dll</c> next to the engine (a published layout), else the trainer build
    /// output the engine was built with.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>Threads the trainer's TorchSharp may use; 0 lets the trainer decide (all cores). Default 0.</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Where the sidecar trains, passed to it as <c>--device</c>: <c>auto</c> (a CUDA device when the trainer's
    /// TorchSharp finds one, else the CPU), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. A trainer that cannot use the device
    /// asked for exits with its reason and is tried again after <see cref="RefusedRetryDelay"/>. Default <c>auto</c>.
    /// </summary>
    public string Device { get; set; } = "auto";

    /// <summary>The first restart delay after the trainer exits; doubles up to <see cref="MaxRestartDelay"/>. Default 1 second.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest restart delay. Default 30 seconds.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After the trainer refused its configuration (exit 2: a device it cannot use, an unreadable certificate), how long
    /// before it is tried again — the cause may pass (a driver still loading at boot, a certificate being rotated).
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan RefusedRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A trainer that ran this long before exiting restarts after <see cref="RestartDelay"/> again. Default 60 seconds.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the engine waits for the trainer to exit after asking it to, before killing it. Default 5 seconds.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when the engine starts the trainer itself.</summary>
    public bool IsSidecar => string.Equals(Mode, "sidecar", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every broken rule, as <c>Trainer:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Mode is not ("sidecar" or "external" or "off"))
        {
            errors.Add($"{SectionName}:Mode must be sidecar, external or off (got \"{Mode}\")");
        }

        if (Threads is < 0 or > 1024)
        {
            errors.Add($"{SectionName}:Threads must be 0-1024 (got {Threads})");
        }

        if (TrainingDevice.Validate($"{SectionName}:Device", Device) is { } device)
        {
            errors.Add(device);
        }

        if (RestartDelay <= TimeSpan.Zero || MaxRestartDelay < RestartDelay)
        {
            errors.Add($"{SectionName}:RestartDelay must be above 0 and at most MaxRestartDelay (got {RestartDelay} and {MaxRestartDelay})");
        }

        if (RefusedRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:RefusedRetryDelay must be above 0 (got {RefusedRetryDelay})");
        }

        if (StableAfter < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:StableAfter must not be negative (got {StableAfter})");
        }

        if (StopTimeout < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:StopTimeout must not be negative (got {StopTimeout})");
        }

        return errors;
    }
}
