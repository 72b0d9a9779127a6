using System.Runtime.InteropServices;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// Interns string ids to dense indexes in order of first appearance, so each distinct id is held once however many
/// events repeat it, and the same input order always gives the same indexes.
/// </summary>
internal sealed class IdVocabulary
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];

    /// <summary>How many distinct ids.</summary>
    public int Count => _ids.Count;

    /// <summary>The ids by index.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The id at <paramref name="index"/>.</summary>
    public string this[int index] => _ids[index];

    /// <summary>Returns the index of <paramref name="id"/>, adding it when new.</summary>
    public int Intern(string id)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, id, out var exists);
        if (!exists)
        {
            slot = _ids.Count;
            _ids.Add(id);
        }

        return slot;
    }

    /// <summary>Looks up an id without adding it.</summary>
    public bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    /// <summary>
    /// For each index, its position when the ids are sorted ordinally: a canonical order that does not depend on
    /// the order the ids were first seen in.
    /// </summary>
    public int[] OrdinalRanks()
    {
        var order = new int[_ids.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(_ids[a], _ids[b]));
        var ranks = new int[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r;
        }

        return ranks;
    }
}
