using System.Runtime.InteropServices;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// Folds repeated events of one (user, item) pair into one interaction as they stream past, so memory grows with
/// distinct pairs and not with events. The weight is the largest of the pair's signal weights: a purchase after
/// three views is a purchase, not four weaker events summed, and the weight stays on the template's 1–100 scale
/// whatever a user's click rate. The timestamp is the latest, because the split holds out what is most recent and a
/// pair the user came back to is recent.
/// </summary>
internal sealed class PairAccumulator
{
    private readonly Dictionary<long, (float Weight, long Timestamp)> pairs = [];

    /// <summary>Events added.</summary>
    public long Events { get; private set; }

    /// <summary>Distinct pairs.</summary>
    public int Count => pairs.Count;

    /// <summary>Adds one event.</summary>
    public void Add(int user, int item, float weight, long timestampMicros)
    {
        Events++;
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(pairs, DatasetAssembler.Key(user, item), out var exists);
        slot = exists ? (Math.Max(slot.Weight, weight), Math.Max(slot.Timestamp, timestampMicros)) : (weight, timestampMicros);
    }

    /// <summary>Whether the pair has been added.</summary>
    public bool Contains(int user, int item) => pairs.ContainsKey(DatasetAssembler.Key(user, item));

    /// <summary>The interactions, sorted by (user, item).</summary>
    public List<Interaction> ToList()
    {
        var list = new List<Interaction>(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            list.Add(new Interaction((int)(key >> 32), (int)(uint)key, value.Weight, value.Timestamp));
        }

        list.Sort(static (a, b) => a.User != b.User ? a.User.CompareTo(b.User) : a.Item.CompareTo(b.Item));
        return list;
    }
}
