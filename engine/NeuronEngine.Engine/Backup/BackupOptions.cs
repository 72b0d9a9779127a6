using NeuronEngine.Core;
namespace NeuronEngine.Engine.Backup;

/// <summary>Where online backups go (section <c>Backup</c>).</summary>
public sealed class BackupOptions : IValidatedOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Backup";

    /// <summary>
    /// The folder backups are written under, one sub-folder per backup named by the request. Default (null):
    /// <c>&lt;data-dir&gt;/backups</c>, which no backup includes. Put it on another disk to survive losing the data disk.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Every broken rule, as <c>Backup:Key: rule</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Directory is not null && string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add($"{SectionName}:Directory must not be blank (leave it unset for <data-dir>/backups)");
        }

        return errors;
    }
}
