using System.Buffers.Binary;
using System.Text;

namespace NeuronEngine.Trainer.Tests;

/// <summary>
/// Writes minimal little-endian ELF64 images by hand, so the patcher's parsing is checked against a layout the test
/// controls rather than against its own reading of a real library.
/// </summary>
internal sealed class SyntheticElf
{
    private const uint ShtStrtab = 3;
    private readonly List<(uint Type, int Link, uint Info, long EntrySize, byte[] Data)> sections = [(0, 0, 0, 0, [])];
    private readonly Dictionary<string, int> flagsOffsets = new(StringComparer.Ordinal);
    private readonly MemoryStream strings = new();
    private byte[] image = [];
    private int flagsSection = -1; // the section the recorded vna_flags offsets are relative to

    /// <summary>The finished file.</summary>
    public byte[] Image => image;

    /// <summary>
    /// A library like libLibTorchSharp.so: it needs GLIBCXX_3.4 (index 2) and GLIBCXX_3.4.32 (index 3) from
    /// libstdc++.so.6 and GLIBC_2.2.5 (index 4) from libc.so.6. Symbols 1 and 3 are relocated; symbol 2, bound to
    /// GLIBCXX_3.4.32, is relocated only when <paramref name="relocateMarker"/> is set.
    /// </summary>
    public static SyntheticElf Consumer(bool relocateMarker = false, ushort markerFlags = 0)
    {
        var elf = new SyntheticElf();
        var strtab = 1;
        elf.AddSection(ShtStrtab, 0, 0, 0, []); // filled in Finish, once every string is known
        var symbols = new byte[4 * 24];
        foreach (var (i, name) in new[] { (1, "used_cxx"), (2, "_ZSt21ios_base_library_initv"), (3, "used_c") })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(symbols.AsSpan(i * 24), elf.String(name));
        }

        var dynsym = elf.AddSection(11, strtab, 1, 24, symbols);
        elf.AddSection(0x6fffffff, dynsym, 0, 2, U16(0, 2, 3, 4));

        var verneed = new MemoryStream();
        elf.WriteVerneed(verneed, "libstdc++.so.6", last: false, ("GLIBCXX_3.4", 2, 0), ("GLIBCXX_3.4.32", 3, markerFlags));
        elf.WriteVerneed(verneed, "libc.so.6", last: true, ("GLIBC_2.2.5", 4, 0));
        var verneedIndex = elf.AddSection(0x6ffffffe, strtab, 2, 0, verneed.ToArray());
        elf.flagsSection = verneedIndex;

        var relocated = relocateMarker ? new[] { 0, 1, 2, 3 } : [0, 1, 3];
        var rela = new byte[relocated.Length * 24];
        for (var i = 0; i < relocated.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(rela.AsSpan((i * 24) + 8), ((ulong)relocated[i] << 32) | 6);
        }

        elf.AddSection(4, dynsym, 0, 24, rela);
        return elf.Finish();
    }

    /// <summary>A library like the host's libstdc++.so.6: defines <paramref name="versions"/> and nothing else.</summary>
    public static SyntheticElf Provider(params string[] versions)
    {
        var elf = new SyntheticElf();
        elf.AddSection(ShtStrtab, 0, 0, 0, []);
        var verdef = new MemoryStream();
        for (var i = 0; i < versions.Length; i++)
        {
            var entry = new byte[28];
            BinaryPrimitives.WriteUInt16LittleEndian(entry, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(4), (ushort)(i + 1));
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), 20);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(16), i == versions.Length - 1 ? 0u : 28u);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(20), elf.String(versions[i]));
            verdef.Write(entry);
        }

        elf.AddSection(0x6ffffffd, 1, (uint)versions.Length, 0, verdef.ToArray());
        return elf.Finish();
    }

    /// <summary>Where vna_flags of <paramref name="version"/> sits in <see cref="Image"/>.</summary>
    public int FlagsOffset(string version) => flagsOffsets[version];

    /// <summary>vna_flags of <paramref name="version"/>, read straight from the bytes.</summary>
    public static ushort FlagsAt(byte[] image, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(offset));

    private void WriteVerneed(MemoryStream to, string file, bool last, params (string Name, ushort Index, ushort Flags)[] aux)
    {
        var entry = new byte[16 + (16 * aux.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(entry, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(2), (ushort)aux.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(4), String(file));
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(8), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), last ? 0u : (uint)entry.Length);
        for (var i = 0; i < aux.Length; i++)
        {
            var a = entry.AsSpan(16 + (16 * i));
            BinaryPrimitives.WriteUInt16LittleEndian(a[4..], aux[i].Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(a[6..], aux[i].Index);
            BinaryPrimitives.WriteUInt32LittleEndian(a[8..], String(aux[i].Name));
            BinaryPrimitives.WriteUInt32LittleEndian(a[12..], i == aux.Length - 1 ? 0u : 16u);
            flagsOffsets[aux[i].Name] = (int)to.Length + 16 + (16 * i) + 4; // relative to the section until Finish
        }

        to.Write(entry);
    }

    private uint String(string s)
    {
        if (strings.Length == 0)
        {
            strings.WriteByte(0); // offset 0 is the empty string
        }

        var at = (uint)strings.Length;
        strings.Write(Encoding.ASCII.GetBytes(s + "\0"));
        return at;
    }

    private int AddSection(uint type, int link, uint info, long entrySize, byte[] data)
    {
        sections.Add((type, link, info, entrySize, data));
        return sections.Count - 1;
    }

    private SyntheticElf Finish()
    {
        sections[1] = (ShtStrtab, 0, 0, 0, strings.ToArray());
        var file = new MemoryStream();
        file.Write(new byte[64]);
        var offsets = new long[sections.Count];
        for (var i = 1; i < sections.Count; i++)
        {
            while (file.Length % 8 != 0)
            {
                file.WriteByte(0);
            }

            offsets[i] = file.Length;
            file.Write(sections[i].Data);
        }

        while (file.Length % 8 != 0)
        {
            file.WriteByte(0);
        }

        var shoff = file.Length;
        for (var i = 0; i < sections.Count; i++)
        {
            var h = new byte[64];
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), sections[i].Type);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(24), (ulong)offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(32), (ulong)sections[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), (uint)sections[i].Link);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(44), sections[i].Info);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(56), (ulong)sections[i].EntrySize);
            file.Write(h);
        }

        image = file.ToArray();
        "\u007fELF"u8.CopyTo(image);
        image[4] = 2; // ELFCLASS64
        image[5] = 1; // ELFDATA2LSB
        image[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(16), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(18), 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(0x28), (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x34), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x3a), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x3c), (ushort)sections.Count);
        if (flagsSection > 0)
        {
            foreach (var key in flagsOffsets.Keys.ToList())
            {
                flagsOffsets[key] += (int)offsets[flagsSection];
            }
        }

        return this;
    }

    private static byte[] U16(params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }
}
