using System.Buffers.Binary;
using NeuronEngine.ElfPatch;

namespace NeuronEngine.Trainer.Tests;

public sealed class ElfFileTests
{
    [Fact]
    public void ReadVersionNeeds_SyntheticConsumer_ListsEveryNeedWithFileIndexAndFlagsOffset()
    {
        var elf = SyntheticElf.Consumer(markerFlags: ElfFile.VerFlagWeak);

        var needs = ElfFile.Parse(elf.Image).ReadVersionNeeds();

        Assert.Equal(
            [("libstdc++.so.6", "GLIBCXX_3.4", 2), ("libstdc++.so.6", "GLIBCXX_3.4.32", 3), ("libc.so.6", "GLIBC_2.2.5", 4)],
            needs.Select(n => (n.File, n.Name, (int)n.Index)));
        Assert.Equal(elf.FlagsOffset("GLIBCXX_3.4.32"), needs[1].FlagsOffset);
        Assert.True(needs[1].IsWeak);
        Assert.False(needs[0].IsWeak);
    }

    [Fact]
    public void ReadVersionDefinitions_SyntheticProvider_ReturnsEveryDefinedName()
    {
        var elf = SyntheticElf.Provider("libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.30");

        var names = ElfFile.Parse(elf.Image).ReadVersionDefinitions();

        Assert.Equal(["GLIBCXX_3.4", "GLIBCXX_3.4.30", "libstdc++.so.6"], names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false, new ushort[] { 2, 4 })]
    [InlineData(true, new ushort[] { 2, 3, 4 })]
    public void ReadRelocatedVersionIndices_SyntheticConsumer_ReturnsIndicesOfRelocatedSymbolsOnly(bool relocateMarker, ushort[] expected)
    {
        var elf = SyntheticElf.Consumer(relocateMarker);

        var indices = ElfFile.Parse(elf.Image).ReadRelocatedVersionIndices();

        Assert.Equal(expected, indices.Order());
    }

    [Fact]
    public void Parse_NotElf_Throws()
    {
        Assert.Throws<InvalidDataException>(() => ElfFile.Parse(new byte[128]));
    }

    [Fact]
    public void Parse_Elf32_Throws()
    {
        var image = SyntheticElf.Consumer().Image;
        image[4] = 1; // ELFCLASS32

        Assert.Throws<InvalidDataException>(() => ElfFile.Parse(image));
    }

    [Fact]
    public void Parse_SectionTablePastEndOfFile_Throws()
    {
        var image = SyntheticElf.Consumer().Image;
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(0x28), (ulong)image.Length - 8);

        Assert.Throws<InvalidDataException>(() => ElfFile.Parse(image));
    }

    [Fact]
    public void ReadVersionNeeds_AuxChainPointingPastSection_Throws()
    {
        var elf = SyntheticElf.Consumer();
        var image = elf.Image;
        // vna_next of the first libstdc++ need sits 8 bytes after its vna_flags.
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(elf.FlagsOffset("GLIBCXX_3.4") + 8), 4096);

        Assert.Throws<InvalidDataException>(() => ElfFile.Parse(image).ReadVersionNeeds());
    }

    [Fact]
    public void ReadVersionNeeds_NoVersionSection_ReturnsEmpty()
    {
        var elf = SyntheticElf.Provider("GLIBC_2.2.5");

        Assert.Empty(ElfFile.Parse(elf.Image).ReadVersionNeeds());
    }
}
