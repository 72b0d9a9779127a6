using System.Numerics;
using System.Text;
using NeuronEngine.Core;

namespace NeuronEngine.Models.Contract;

/// <summary><c>items.txt</c>: model item index ↔ <c>item_id</c>. Line i (UTF-8, no header) is index i.</summary>
/// <remarks>
/// Held as a handful of large arrays, not as an object per item: the ids back to back in one <c>char[]</c>, their
/// offsets, and an open-addressing index over them. A hot swap loads a whole vocabulary (100k ids and more) while the
/// engine serves; 100k strings plus a dictionary over them allocated 34 MB and had to be copied through two younger
/// generations by the collector, pausing every request thread for 20–30 ms per load (measured). Arrays without
/// references go straight to the large object heap and cost a collection almost nothing. An id becomes a
/// <see cref="string"/> only when a response names it (<see cref="ItemId"/>), and is garbage with the response: caching
/// those strings in one array measured worse, every young collection then scanning the array's freshly written slots
/// (gen0 pauses of 2–3 ms instead of 1 ms at 1,000 Recommend/s).
/// </remarks>
public sealed class ModelVocabulary
{
    /// <summary>Every id, back to back; id i is <c>chars[starts[i]..starts[i + 1]]</c>.</summary>
    private readonly char[] chars;

    private readonly int[] starts;

    /// <summary>Index + 1 of the id hashed to each slot (0: empty); a power of two at least twice the count, probed linearly.</summary>
    private readonly int[] slots;

    private ModelVocabulary(char[] chars, int[] starts, int[] slots)
    {
        this.chars = chars;
        this.starts = starts;
        this.slots = slots;
    }

    public int Count => starts.Length - 1;

    /// <summary>The id of model index <paramref name="index"/>, without allocating.</summary>
    public ReadOnlySpan<char> IdSpan(int index) => chars.AsSpan(starts[index], starts[index + 1] - starts[index]);

    /// <summary>The id of model index <paramref name="index"/> as a new string.</summary>
    public string ItemId(int index) => new(IdSpan(index));

    /// <summary>The model index of <paramref name="itemId"/>, when the model knows the item.</summary>
    public bool TryGetIndex(ReadOnlySpan<char> itemId, out int index)
    {
        index = Find(itemId, out _);
        return index >= 0;
    }

    /// <summary>Reads and checks a vocabulary file, adding each problem (line numbers are 1-based) to <paramref name="errors"/>.</summary>
    /// <remarks>Lines end as <see cref="File.ReadAllLines(string)"/> ends them (<c>\n</c>, <c>\r\n</c> or <c>\r</c>; a last line may have none).</remarks>
    public static ModelVocabulary? Read(string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!File.Exists(path))
        {
            errors.Add($"{ModelContract.VocabularyFile} is missing");
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{ModelContract.VocabularyFile} cannot be read: {ex.Message}");
            return null;
        }

        var text = bytes.AsSpan();
        if (text.StartsWith(Encoding.UTF8.Preamble))
        {
            text = text[Encoding.UTF8.Preamble.Length..];
        }

        var chars = new char[Encoding.UTF8.GetCharCount(text)];
        Encoding.UTF8.GetChars(text, chars);
        var starts = SplitLines(chars);
        var count = starts.Length - 1;
        if (count == 0)
        {
            errors.Add($"{ModelContract.VocabularyFile} is empty");
            return null;
        }

        var slots = new int[(int)BitOperations.RoundUpToPowerOf2((uint)count * 2)];
        var vocabulary = new ModelVocabulary(chars, starts, slots);
        var before = errors.Count;
        for (var i = 0; i < count && errors.Count - before < 5; i++)
        {
            var id = vocabulary.IdSpan(i);
            if (FieldRules.ValidateId(id) is { } rule)
            {
                errors.Add($"{ModelContract.VocabularyFile} line {i + 1}: item id {rule}");
            }
            else if (!vocabulary.TryAdd(i, out var first))
            {
                errors.Add($"{ModelContract.VocabularyFile} line {i + 1}: item id \"{id}\" repeats line {first + 1}");
            }
        }

        return errors.Count == before ? vocabulary : null;
    }

    /// <summary>Writes a vocabulary file (the trainer and tests use it).</summary>
    public static void Write(string path, IEnumerable<string> itemIds) => File.WriteAllLines(path, itemIds);

    /// <summary>
    /// Removes the line ends from <paramref name="chars"/> in place, moving each line left onto the one before, and
    /// returns where each line starts, with the end of the last as a final entry.
    /// </summary>
    private static int[] SplitLines(char[] chars)
    {
        var lines = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '\n' || (chars[i] == '\r' && (i + 1 == chars.Length || chars[i + 1] != '\n')))
            {
                lines++;
            }
        }

        if (chars.Length > 0 && chars[^1] != '\n' && chars[^1] != '\r')
        {
            lines++;
        }

        var starts = new int[lines + 1];
        var (line, write) = (0, 0);
        for (var read = 0; read < chars.Length; read++)
        {
            var c = chars[read];
            if (c is '\r' or '\n')
            {
                if (c == '\r' && read + 1 < chars.Length && chars[read + 1] == '\n')
                {
                    read++;
                }

                starts[++line] = write;
                continue;
            }

            chars[write++] = c;
        }

        starts[lines] = write;
        return starts;
    }

    /// <summary>Indexes id <paramref name="index"/>; false (with the index already holding it) when it repeats an earlier id.</summary>
    private bool TryAdd(int index, out int existing)
    {
        existing = Find(IdSpan(index), out var slot);
        if (existing >= 0)
        {
            return false;
        }

        slots[slot] = index + 1;
        return true;
    }

    /// <summary>The index holding <paramref name="id"/>, or -1 with the empty slot where it would go.</summary>
    private int Find(ReadOnlySpan<char> id, out int slot)
    {
        var mask = slots.Length - 1;
        for (slot = string.GetHashCode(id) & mask; ; slot = (slot + 1) & mask)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (IdSpan(entry - 1).SequenceEqual(id))
            {
                return entry - 1;
            }
        }
    }
}
