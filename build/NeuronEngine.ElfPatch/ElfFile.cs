using System.Buffers.Binary;
using System.Text;

namespace NeuronEngine.ElfPatch;

/// <summary>
/// A read view of a little-endian ELF64 image (x64 and arm64 Linux) over its section headers, with one write:
/// the flags of a version need. Every offset read from the file is bounds-checked, so a damaged file fails
/// with <see cref="InvalidDataException"/> instead of an index error or a wrong patch.
/// </summary>
internal sealed partial class ElfFile
{
    /// <summary>sh_type of the dynamic symbol table.</summary>
    public const uint ShtDynsym = 11;

    /// <summary>sh_type of a relocation table with addends.</summary>
    public const uint ShtRela = 4;

    /// <summary>sh_type of a relocation table without addends.</summary>
    public const uint ShtRel = 9;

    /// <summary>sh_type of <c>.gnu.version_d</c> (versions this object defines).</summary>
    public const uint ShtGnuVerdef = 0x6ffffffd;

    /// <summary>sh_type of <c>.gnu.version_r</c> (versions this object needs).</summary>
    public const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>sh_type of <c>.gnu.version</c> (one version index per dynamic symbol).</summary>
    public const uint ShtGnuVersym = 0x6fffffff;

    /// <summary>VER_FLG_WEAK in vna_flags.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;

    private readonly byte[] image;

    private ElfFile(byte[] image, ElfSection[] sections)
    {
        this.image = image;
        Sections = sections;
    }

    /// <summary>The section headers, in file order.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Whether <paramref name="image"/> starts like an ELF file of any class.</summary>
    public static bool HasElfMagic(ReadOnlySpan<byte> image) =>
        image.Length >= 4 && image[0] == 0x7f && image[1] == (byte)'E' && image[2] == (byte)'L' && image[3] == (byte)'F';

    /// <summary>Reads the header and section table of <paramref name="image"/>, which the view then shares (no copy).</summary>
    /// <exception cref="InvalidDataException">Not a little-endian ELF64 file, or a table lies outside the file.</exception>
    public static ElfFile Parse(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Length < HeaderSize || !HasElfMagic(image))
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException("not a little-endian ELF64 file");
        }

        var shoff = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28)));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x3a));
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x3c));
        if (shoff == 0)
        {
            return new ElfFile(image, []);
        }

        if (shentsize != SectionHeaderSize)
        {
            throw new InvalidDataException($"unexpected section header size {shentsize}");
        }

        if (shnum == 0)
        {
            // Extended numbering: with 0xff00 or more sections the real count lives in section 0's sh_size.
            CheckRange(image, shoff, SectionHeaderSize);
            shnum = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan((int)shoff + 32)));
        }

        CheckRange(image, shoff, (long)shnum * SectionHeaderSize);
        var sections = new ElfSection[shnum];
        for (var i = 0; i < shnum; i++)
        {
            var h = image.AsSpan((int)(shoff + ((long)i * SectionHeaderSize)), SectionHeaderSize);
            sections[i] = new ElfSection(
                i,
                BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(h[24..])),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(h[32..])),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(h[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[44..]),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(h[56..])));
        }

        return new ElfFile(image, sections);
    }

    /// <summary>Sets vna_flags of <paramref name="need"/> in the shared image.</summary>
    public void WriteFlags(VersionNeed need, ushort flags) =>
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(need.FlagsOffset, 2), flags);

    private ElfSection? FirstOfType(uint type)
    {
        foreach (var s in Sections)
        {
            if (s.Type == type)
            {
                return s;
            }
        }

        return null;
    }

    private ElfSection SectionAt(int index) =>
        index > 0 && index < Sections.Count
            ? Sections[index]
            : throw new InvalidDataException($"section link {index} out of range");

    private ReadOnlySpan<byte> Bytes(ElfSection section)
    {
        CheckRange(image, section.Offset, section.Size);
        return image.AsSpan((int)section.Offset, (int)section.Size);
    }

    private static string ReadString(ReadOnlySpan<byte> strtab, uint offset)
    {
        if (offset >= strtab.Length)
        {
            throw new InvalidDataException($"string offset {offset} outside the string table");
        }

        var rest = strtab[(int)offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new InvalidDataException("unterminated string in the string table");
        }

        return Encoding.ASCII.GetString(rest[..end]);
    }

    private static void CheckRange(byte[] image, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > image.Length || length > image.Length - offset)
        {
            throw new InvalidDataException($"range {offset}+{length} lies outside the {image.Length}-byte file");
        }
    }
}
