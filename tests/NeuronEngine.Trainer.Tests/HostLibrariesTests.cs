using NeuronEngine.ElfPatch;

namespace NeuronEngine.Trainer.Tests;

public sealed class HostLibrariesTests
{
    [Fact]
    public void Locate_Libc_ReturnsTheMappedFile()
    {
        var path = HostLibraries.Locate("libc.so.6");

        Assert.NotNull(path);
        Assert.True(File.Exists(path), path);
        Assert.StartsWith("libc", Path.GetFileName(path), StringComparison.Ordinal);
    }

    [Fact]
    public void DefinedVersions_Libstdcxx_IncludesTheBaseVersion()
    {
        var versions = HostLibraries.DefinedVersions("libstdc++.so.6");

        Assert.NotNull(versions);
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void DefinedVersions_NoSuchLibrary_ReturnsNull()
    {
        Assert.Null(HostLibraries.DefinedVersions("libneuron-no-such-library.so.1"));
    }
}
