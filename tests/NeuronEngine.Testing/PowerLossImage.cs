namespace NeuronEngine.Testing;

/// <summary>The files a simulated power loss left (<see cref="PowerLossDisk.CutPower"/>), to write back over the live ones.</summary>
public sealed class PowerLossImage
{
    private readonly string directory;
    private readonly string searchPattern;

    internal PowerLossImage(string directory, string searchPattern, IReadOnlyList<PowerLossFile> files)
    {
        this.directory = directory;
        this.searchPattern = searchPattern;
        Files = files;
    }

    public IReadOnlyList<PowerLossFile> Files { get; }

    /// <summary>
    /// Makes the tracked files exactly what the power loss left: each rewritten with its surviving content, and any
    /// created after the cut deleted. Call it once the code under test has closed them.
    /// </summary>
    public void Restore()
    {
        var kept = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, searchPattern))
        {
            if (!kept.Contains(path))
            {
                File.Delete(path);
            }
        }

        foreach (var file in Files)
        {
            File.WriteAllBytes(file.Path, file.Content);
        }
    }

    /// <summary>One line per file, for a failing test's message.</summary>
    public override string ToString() => string.Join("; ", Files);
}
