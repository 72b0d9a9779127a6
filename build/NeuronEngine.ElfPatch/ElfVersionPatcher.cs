namespace NeuronEngine.ElfPatch;

/// <summary>
/// Lets a prebuilt shared object load on a host whose dependency lacks a symbol version the object declares but
/// never binds a symbol to (TorchSharp's libLibTorchSharp.so declares GLIBCXX_3.4.32 only for the marker
/// <c>_ZSt21ios_base_library_initv</c>, which nothing relocates). Such a need is marked VER_FLG_WEAK; a need
/// that a relocation uses is left alone and reported, because weakening it would only defer the failure.
/// </summary>
internal sealed class ElfVersionPatcher
{
    private readonly Func<string, IReadOnlySet<string>?> hostVersions;

    /// <param name="hostVersions">
    /// The versions the host's copy of a dependency defines, by soname; null when the host has no such library.
    /// </param>
    public ElfVersionPatcher(Func<string, IReadOnlySet<string>?> hostVersions)
    {
        ArgumentNullException.ThrowIfNull(hostVersions);
        this.hostVersions = hostVersions;
    }

    /// <summary>Decides every version need of <paramref name="image"/> and weakens the ones that need it, in place.</summary>
    /// <exception cref="InvalidDataException">The image is not a well-formed little-endian ELF64 file.</exception>
    public PatchReport Patch(byte[] image)
    {
        var elf = ElfFile.Parse(image);
        var report = new PatchReport();
        IReadOnlySet<ushort>? relocated = null;
        foreach (var need in elf.ReadVersionNeeds())
        {
            var defined = hostVersions(need.File);
            if (defined is null)
            {
                report.UnknownLibraries.Add(need.File);
                continue;
            }

            if (defined.Contains(need.Name))
            {
                continue;
            }

            if (need.IsWeak)
            {
                report.AlreadyWeak.Add(need);
                continue;
            }

            relocated ??= elf.ReadRelocatedVersionIndices();
            if (relocated.Contains(need.Index))
            {
                report.Blocked.Add(need);
                continue;
            }

            elf.WriteFlags(need, (ushort)(need.Flags | ElfFile.VerFlagWeak));
            report.Weakened.Add(need with { Flags = (ushort)(need.Flags | ElfFile.VerFlagWeak) });
        }

        return report;
    }

    /// <summary>
    /// Patches the file at <paramref name="path"/>. A change is written to a new file renamed over the old one, so
    /// a hard link or symlink into the NuGet cache is replaced, never written through; an unchanged file is not touched.
    /// </summary>
    public PatchReport PatchFile(string path)
    {
        var image = File.ReadAllBytes(path);
        var report = Patch(image);
        if (!report.Changed)
        {
            return report;
        }

        var temp = path + ".elfpatch.tmp";
        File.WriteAllBytes(temp, image);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        }

        File.Move(temp, path, overwrite: true);
        return report;
    }
}
