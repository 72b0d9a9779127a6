using NeuronEngine.Core;
namespace NeuronEngine.Registry;

/// <summary>Where the control plane store lives and how it waits for locks. Bound from the <c>Registry</c> section.</summary>
public sealed class RegistryOptions : IValidatedOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Registry";

    /// <summary>The longest <see cref="BusyTimeout"/> accepted.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Path of the SQLite file; a relative path resolves against the working directory. The folder is
    /// created when missing. Default <c>data/registry.db</c>.
    /// </summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "registry.db");

    /// <summary>
    /// How long a statement waits for another connection's write lock before it fails (wall-clock time).
    /// Default 5 seconds; must be above zero and at most 10 minutes.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Returns every broken rule (empty when the options are usable), so one start-up error lists them all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            errors.Add($"{SectionName}:{nameof(DatabasePath)} must not be empty");
        }
        else if (DatabasePath.Contains('\0', StringComparison.Ordinal) || Path.EndsInDirectorySeparator(DatabasePath))
        {
            errors.Add($"{SectionName}:{nameof(DatabasePath)} must name a file, not \"{DatabasePath}\"");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > MaxBusyTimeout)
        {
            errors.Add($"{SectionName}:{nameof(BusyTimeout)} must be above zero and at most {MaxBusyTimeout}, not {BusyTimeout}");
        }

        return errors;
    }
}
