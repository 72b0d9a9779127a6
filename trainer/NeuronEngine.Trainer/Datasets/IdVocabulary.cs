using System.Runtime.InteropServices;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// Interns string ids to dense indexes in order of first appearance, so each distinct id is held once however many
/// events repeat it, and the same input order always gives the same indexes.
/// </summary>
internal sealed class IdVocabulary
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly List<string> ids = [];

    /// <summary>How many distinct ids.</summary>
    public int Count => ids.Count;

    /// <summary>The ids by index.</summary>
    public IReadOnlyList<string> Ids => ids;

    /// <summary>The id at <paramref name="index"/>.</summary>
    public string this[int index] => ids[index];

    /// <summary>Returns the index of <paramref name="id"/>, adding it when new.</summary>
    public int Intern(string id)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(index, id, out var exists);
        if (!exists)
        {
            slot = ids.Count;
            ids.Add(id);
        }

        return slot;
    }

    /// <summary>Looks up an id without adding it.</summary>
    public bool TryGetIndex(string id, out int index) => this.index.TryGetValue(id, out index);

    /// <summary>
    /// For each index, its position when the ids are sorted ordinally: a canonical order that does not depend on
    /// the order the ids were first seen in.
    /// </summary>
    public int[] OrdinalRanks()
    {
        var order = new int[ids.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(ids[a], ids[b]));
        var ranks = new int[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r;
        }

        return ranks;
    }
}
