using System.Reflection;
using NeuronEngine.ElfPatch;
using TorchSharp;

namespace NeuronEngine.Trainer.Tests;

/// <summary>The real libLibTorchSharp.so: the package's copy, the copy build/TorchSharpNative.targets left in bin/, and the patch on it.</summary>
public sealed class TorchSharpNativeTests
{
    private const string Marker = "GLIBCXX_3.4.32";
    private static readonly string BinCopy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void BinCopy_AfterBuild_MarkerNeedIsWeakExactlyWhenThisHostLacksIt()
    {
        var need = MarkerNeed(File.ReadAllBytes(BinCopy));
        var hostHasIt = HostLibraries.DefinedVersions("libstdc++.so.6")!.Contains(Marker);

        Assert.Equal(!hostHasIt, need.IsWeak);
    }

    [Fact]
    public void PackageCopy_AfterBuild_IsAsShipped()
    {
        var need = MarkerNeed(File.ReadAllBytes(PackageCopy()));

        Assert.False(need.IsWeak, "the NuGet cache's libLibTorchSharp.so was modified");
    }

    [Fact]
    public void Package_MarkerVersion_BindsNoRelocatedSymbol()
    {
        var elf = ElfFile.Parse(File.ReadAllBytes(PackageCopy()));

        Assert.DoesNotContain(MarkerNeed(File.ReadAllBytes(PackageCopy())).Index, elf.ReadRelocatedVersionIndices());
    }

    [Fact]
    public void Patch_RealLibraryOnHostWithoutMarker_WeakensOnlyTheMarkerAndIsIdempotent()
    {
        var shipped = File.ReadAllBytes(PackageCopy());
        var image = (byte[])shipped.Clone();
        var patcher = new ElfVersionPatcher(file =>
        {
            var real = HostLibraries.DefinedVersions(file);
            return file == "libstdc++.so.6" && real is not null ? real.Where(v => v != Marker).ToHashSet() : real;
        });

        var first = patcher.Patch(image);
        var once = (byte[])image.Clone();
        var second = patcher.Patch(image);

        Assert.Equal([Marker], first.Weakened.Select(n => n.Name));
        Assert.True(MarkerNeed(once).IsWeak);
        var changed = Enumerable.Range(0, shipped.Length).Where(i => shipped[i] != once[i]).ToList();
        Assert.Equal([MarkerNeed(shipped).FlagsOffset], changed);
        Assert.False(second.Changed);
        Assert.Equal(once, image);
    }

    private static VersionNeed MarkerNeed(byte[] image) =>
        Assert.Single(ElfFile.Parse(image).ReadVersionNeeds(), n => n.Name == Marker && n.File == "libstdc++.so.6");

    private static string PackageCopy()
    {
        var root = typeof(TorchSharpNativeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var version = typeof(torch).Assembly.GetName().Version!;
        var path = Path.Combine(root, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), path);
        return path;
    }
}
