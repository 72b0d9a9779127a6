namespace NeuronEngine.ElfPatch;

/// <summary>One version a shared object requires from a dependency: an <c>Elf64_Vernaux</c> entry of <c>.gnu.version_r</c>.</summary>
/// <param name="File">The dependency's soname, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">vna_other: the version index that <c>.gnu.version</c> uses for symbols bound to this version.</param>
/// <param name="Flags">vna_flags; <see cref="ElfFile.VerFlagWeak"/> makes a missing version a warning for the loader, not an error.</param>
/// <param name="FlagsOffset">Where vna_flags sits in the file, so the patcher can rewrite it in place.</param>
internal readonly record struct VersionNeed(string File, string Name, ushort Index, ushort Flags, int FlagsOffset)
{
    /// <summary>Whether the loader already tolerates this version being absent.</summary>
    public bool IsWeak => (Flags & ElfFile.VerFlagWeak) != 0;
}
