using System.Buffers.Binary;

namespace NeuronEngine.ElfPatch;

internal sealed partial class ElfFile
{
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;
    private const int VerdefSize = 20;
    private const int VerdauxSize = 8;

    /// <summary>Every entry of <c>.gnu.version_r</c>, in file order; empty when the object needs no versions.</summary>
    public IReadOnlyList<VersionNeed> ReadVersionNeeds()
    {
        var needs = new List<VersionNeed>();
        if (FirstOfType(ShtGnuVerneed) is not { } section)
        {
            return needs;
        }

        var bytes = Bytes(section);
        var strtab = Bytes(SectionAt(section.Link));
        var at = 0;
        // sh_info holds the entry count; the chain's own vn_next ends it too, and bounds every walk.
        for (var n = 0; n < section.Info; n++)
        {
            var vn = Entry(bytes, at, VerneedSize);
            var count = BinaryPrimitives.ReadUInt16LittleEndian(vn[2..]);
            var file = ReadString(strtab, BinaryPrimitives.ReadUInt32LittleEndian(vn[4..]));
            var auxAt = at + (int)BinaryPrimitives.ReadUInt32LittleEndian(vn[8..]);
            for (var a = 0; a < count; a++)
            {
                var aux = Entry(bytes, auxAt, VernauxSize);
                needs.Add(new VersionNeed(
                    file,
                    ReadString(strtab, BinaryPrimitives.ReadUInt32LittleEndian(aux[8..])),
                    BinaryPrimitives.ReadUInt16LittleEndian(aux[6..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(aux[4..]),
                    checked((int)section.Offset + auxAt + 4)));
                var auxNext = BinaryPrimitives.ReadUInt32LittleEndian(aux[12..]);
                if (auxNext == 0)
                {
                    break;
                }

                auxAt = checked(auxAt + (int)auxNext);
            }

            var next = BinaryPrimitives.ReadUInt32LittleEndian(vn[12..]);
            if (next == 0)
            {
                break;
            }

            at = checked(at + (int)next);
        }

        return needs;
    }

    /// <summary>The version names this object defines (<c>.gnu.version_d</c>), e.g. every <c>GLIBCXX_*</c> of libstdc++.</summary>
    public IReadOnlySet<string> ReadVersionDefinitions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (FirstOfType(ShtGnuVerdef) is not { } section)
        {
            return names;
        }

        var bytes = Bytes(section);
        var strtab = Bytes(SectionAt(section.Link));
        var at = 0;
        for (var n = 0; n < section.Info; n++)
        {
            var vd = Entry(bytes, at, VerdefSize);
            // The first Verdaux names the version itself; any further ones name the versions it inherits from.
            var auxAt = at + (int)BinaryPrimitives.ReadUInt32LittleEndian(vd[12..]);
            var aux = Entry(bytes, auxAt, VerdauxSize);
            names.Add(ReadString(strtab, BinaryPrimitives.ReadUInt32LittleEndian(aux)));
            var next = BinaryPrimitives.ReadUInt32LittleEndian(vd[16..]);
            if (next == 0)
            {
                break;
            }

            at = checked(at + (int)next);
        }

        return names;
    }

    private static ReadOnlySpan<byte> Entry(ReadOnlySpan<byte> section, int at, int size) =>
        at >= 0 && at <= section.Length - size
            ? section.Slice(at, size)
            : throw new InvalidDataException($"version entry at {at} runs past its section");
}
