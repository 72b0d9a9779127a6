namespace NeuronEngine.ElfPatch;

/// <summary>The fields of one ELF64 section header that the patcher reads.</summary>
/// <param name="Index">Position in the section header table.</param>
/// <param name="Type">sh_type, e.g. <see cref="ElfFile.ShtDynsym"/>.</param>
/// <param name="Offset">sh_offset: where the section's bytes start in the file.</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="Link">sh_link: the index of the related section (string table, symbol table).</param>
/// <param name="Info">sh_info: for version sections, the number of entries.</param>
/// <param name="EntrySize">sh_entsize in bytes; 0 when the section has no fixed-size entries.</param>
internal readonly record struct ElfSection(int Index, uint Type, long Offset, long Size, int Link, uint Info, long EntrySize);
