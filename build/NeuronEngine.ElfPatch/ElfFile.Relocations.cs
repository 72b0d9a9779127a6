using System.Buffers.Binary;

namespace NeuronEngine.ElfPatch;

internal sealed partial class ElfFile
{
    private const int RelaSize = 24;
    private const int RelSize = 16;
    private const ushort VersymIndexMask = 0x7fff;

    /// <summary>
    /// The version indices of every dynamic symbol that some dynamic relocation refers to. The loader looks a
    /// symbol up (and so needs its version to exist) only to resolve a relocation; a version whose index is not
    /// in this set binds nothing at run time.
    /// </summary>
    public IReadOnlySet<ushort> ReadRelocatedVersionIndices()
    {
        var indices = new HashSet<ushort>();
        if (FirstOfType(ShtDynsym) is not { } dynsym || FirstOfType(ShtGnuVersym) is not { } versymSection)
        {
            return indices;
        }

        var versym = Bytes(versymSection);
        foreach (var section in Sections)
        {
            if ((section.Type != ShtRela && section.Type != ShtRel) || section.Link != dynsym.Index)
            {
                continue;
            }

            var entrySize = section.EntrySize != 0 ? (int)section.EntrySize : section.Type == ShtRela ? RelaSize : RelSize;
            if (entrySize < RelSize)
            {
                throw new InvalidDataException($"relocation entry size {entrySize} is too small");
            }

            var bytes = Bytes(section);
            for (var at = 0; at + entrySize <= bytes.Length; at += entrySize)
            {
                // r_info: symbol index in the high 32 bits; 0 means no symbol (e.g. R_X86_64_RELATIVE).
                var symbol = (int)(BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 8)..]) >> 32);
                if (symbol == 0)
                {
                    continue;
                }

                if ((long)symbol * 2 + 2 > versym.Length)
                {
                    throw new InvalidDataException($"relocation names symbol {symbol}, past the version table");
                }

                indices.Add((ushort)(BinaryPrimitives.ReadUInt16LittleEndian(versym[(symbol * 2)..]) & VersymIndexMask));
            }
        }

        return indices;
    }
}
