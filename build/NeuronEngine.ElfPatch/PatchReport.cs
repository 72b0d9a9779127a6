namespace NeuronEngine.ElfPatch;

/// <summary>What <see cref="ElfVersionPatcher"/> found and did for one file.</summary>
internal sealed class PatchReport
{
    /// <summary>Needs the host lacks and no relocation uses, which this run marked weak.</summary>
    public List<VersionNeed> Weakened { get; } = [];

    /// <summary>Needs the host lacks that were already weak (a second run over the same file lands here).</summary>
    public List<VersionNeed> AlreadyWeak { get; } = [];

    /// <summary>Needs the host lacks that relocations do use: weakening them would only move the failure to a symbol lookup.</summary>
    public List<VersionNeed> Blocked { get; } = [];

    /// <summary>Dependencies not found on this host, whose needs were left as they were.</summary>
    public SortedSet<string> UnknownLibraries { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the image was changed.</summary>
    public bool Changed => Weakened.Count > 0;

    /// <summary>Whether the library still cannot load on this host.</summary>
    public bool Failed => Blocked.Count > 0;

    /// <summary>One line for the build log.</summary>
    public string Describe(string path)
    {
        var unknown = UnknownLibraries.Count == 0 ? "" : $" (not checked, not found on this host: {string.Join(", ", UnknownLibraries)})";
        if (Failed)
        {
            return $"{path}: cannot fix: {Names(Blocked)} missing on this host and used by relocations, so the library will not load here{unknown}";
        }

        if (Changed)
        {
            return $"{path}: marked {Names(Weakened)} weak: this host lacks it and no relocation uses it{unknown}";
        }

        return AlreadyWeak.Count > 0
            ? $"{path}: nothing to do: {Names(AlreadyWeak)} already weak{unknown}"
            : $"{path}: nothing to do: this host provides every version it needs{unknown}";
    }

    private static string Names(List<VersionNeed> needs) =>
        string.Join(", ", needs.Select(n => $"{n.Name} ({n.File})"));
}
