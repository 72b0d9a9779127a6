using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using NeuronEngine.ElfPatch;

namespace NeuronEngine.Trainer.Tests;

// Links, file modes and libc's link(2): the build only patches on Linux, so the tests are Linux tests.
[SupportedOSPlatform("linux")]
public sealed class ElfVersionPatcherTests
{
    private static readonly IReadOnlySet<string> Debian12Cxx = new HashSet<string> { "GLIBCXX_3.4", "GLIBCXX_3.4.30" };
    private static readonly IReadOnlySet<string> NewerCxx = new HashSet<string> { "GLIBCXX_3.4", "GLIBCXX_3.4.30", "GLIBCXX_3.4.32" };
    private static readonly IReadOnlySet<string> Libc = new HashSet<string> { "GLIBC_2.2.5" };

    [Fact]
    public void Patch_HostLacksUnrelocatedVersion_SetsWeakFlagOnThatNeedOnly()
    {
        var elf = SyntheticElf.Consumer();
        var before = (byte[])elf.Image.Clone();

        var report = Patcher(Debian12Cxx).Patch(elf.Image);

        Assert.Equal(["GLIBCXX_3.4.32"], report.Weakened.Select(n => n.Name));
        Assert.Equal(ElfFile.VerFlagWeak, SyntheticElf.FlagsAt(elf.Image, elf.FlagsOffset("GLIBCXX_3.4.32")));
        Assert.Equal(0, SyntheticElf.FlagsAt(elf.Image, elf.FlagsOffset("GLIBCXX_3.4")));
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != elf.Image[i]).ToList();
        Assert.Equal([elf.FlagsOffset("GLIBCXX_3.4.32")], changed);
    }

    [Fact]
    public void Patch_AppliedTwice_SecondRunChangesNothingAndReportsAlreadyWeak()
    {
        var elf = SyntheticElf.Consumer();
        var patcher = Patcher(Debian12Cxx);
        patcher.Patch(elf.Image);
        var once = (byte[])elf.Image.Clone();

        var report = patcher.Patch(elf.Image);

        Assert.Equal(once, elf.Image);
        Assert.False(report.Changed);
        Assert.Equal(["GLIBCXX_3.4.32"], report.AlreadyWeak.Select(n => n.Name));
    }

    [Fact]
    public void Patch_HostProvidesEveryVersion_ChangesNothing()
    {
        var elf = SyntheticElf.Consumer();
        var before = (byte[])elf.Image.Clone();

        var report = Patcher(NewerCxx).Patch(elf.Image);

        Assert.Equal(before, elf.Image);
        Assert.False(report.Changed);
        Assert.Empty(report.AlreadyWeak);
    }

    [Fact]
    public void Patch_MissingVersionUsedByRelocation_LeavesItAndReportsFailure()
    {
        var elf = SyntheticElf.Consumer(relocateMarker: true);
        var before = (byte[])elf.Image.Clone();

        var report = Patcher(Debian12Cxx).Patch(elf.Image);

        Assert.Equal(before, elf.Image);
        Assert.True(report.Failed);
        Assert.Equal(["GLIBCXX_3.4.32"], report.Blocked.Select(n => n.Name));
    }

    [Fact]
    public void Patch_DependencyNotOnHost_LeavesItsNeedsAndNamesIt()
    {
        var elf = SyntheticElf.Consumer();
        var before = (byte[])elf.Image.Clone();

        var report = new ElfVersionPatcher(file => file == "libc.so.6" ? Libc : null).Patch(elf.Image);

        Assert.Equal(before, elf.Image);
        Assert.Equal(["libstdc++.so.6"], report.UnknownLibraries);
    }

    [Fact]
    public void PatchFile_HardLinkToCacheFile_ReplacesTheLinkAndLeavesTheOriginal()
    {
        using var dir = new TempDirectory();
        var (original, copy, elf) = Pair(dir);
        Assert.Equal(0, Link(original, copy));

        var report = Patcher(Debian12Cxx).PatchFile(copy);

        Assert.True(report.Changed);
        Assert.Equal(elf.Image, File.ReadAllBytes(original));
        Assert.Equal(ElfFile.VerFlagWeak, SyntheticElf.FlagsAt(File.ReadAllBytes(copy), elf.FlagsOffset("GLIBCXX_3.4.32")));
    }

    [Fact]
    public void PatchFile_SymlinkToCacheFile_ReplacesTheLinkAndLeavesTheOriginal()
    {
        using var dir = new TempDirectory();
        var (original, copy, elf) = Pair(dir);
        File.CreateSymbolicLink(copy, original);

        var report = Patcher(Debian12Cxx).PatchFile(copy);

        Assert.True(report.Changed);
        Assert.Equal(elf.Image, File.ReadAllBytes(original));
        Assert.Null(new FileInfo(copy).LinkTarget);
        Assert.Equal(ElfFile.VerFlagWeak, SyntheticElf.FlagsAt(File.ReadAllBytes(copy), elf.FlagsOffset("GLIBCXX_3.4.32")));
    }

    [Fact]
    public void PatchFile_Patched_KeepsTheFileMode()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "lib.so");
        File.WriteAllBytes(path, SyntheticElf.Consumer().Image);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        Patcher(Debian12Cxx).PatchFile(path);

        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".elfpatch.tmp"));
    }

    [Fact]
    public void PatchFile_NothingToDo_LeavesTheFileUntouched()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "lib.so");
        File.WriteAllBytes(path, SyntheticElf.Consumer().Image);
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        var report = Patcher(NewerCxx).PatchFile(path);

        Assert.False(report.Changed);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    private static (string Original, string Copy, SyntheticElf Elf) Pair(TempDirectory dir)
    {
        var elf = SyntheticElf.Consumer();
        var original = Path.Combine(dir.Path, "cache.so");
        File.WriteAllBytes(original, elf.Image);
        return (original, Path.Combine(dir.Path, "bin.so"), elf);
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string newPath);

    private static ElfVersionPatcher Patcher(IReadOnlySet<string> cxx) =>
        new(file => file switch
        {
            "libstdc++.so.6" => cxx,
            "libc.so.6" => Libc,
            _ => null,
        });
}
