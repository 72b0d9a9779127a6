namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// An immutable set of interactions sorted by (user, item), at most one per pair, with each user's interactions
/// contiguous (compressed rows), so a user's history is a slice and not a lookup.
/// </summary>
internal sealed class InteractionSet
{
    private readonly Interaction[] interactions;
    private readonly int[] offsets;

    private InteractionSet(Interaction[] interactions, int userCount, int itemCount)
    {
        this.interactions = interactions;
        UserCount = userCount;
        ItemCount = itemCount;
        offsets = new int[userCount + 1];
        foreach (var x in interactions)
        {
            offsets[x.User + 1]++;
        }

        for (var u = 0; u < userCount; u++)
        {
            offsets[u + 1] += offsets[u];
        }
    }

    /// <summary>Users in the id space (some may have no interactions here).</summary>
    public int UserCount { get; }

    /// <summary>Items in the id space.</summary>
    public int ItemCount { get; }

    /// <summary>How many interactions.</summary>
    public int Count => interactions.Length;

    /// <summary>Every interaction, sorted by (user, item).</summary>
    public ReadOnlySpan<Interaction> All => interactions;

    /// <summary>How many users have at least one interaction here.</summary>
    public int UsersWithInteractions
    {
        get
        {
            var n = 0;
            for (var u = 0; u < UserCount; u++)
            {
                n += offsets[u + 1] > offsets[u] ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>The interactions of <paramref name="user"/>, sorted by item.</summary>
    public ReadOnlySpan<Interaction> ForUser(int user) => interactions.AsSpan(offsets[user], offsets[user + 1] - offsets[user]);

    /// <summary>Builds a set from interactions in any order; ids must be below the counts and pairs distinct.</summary>
    public static InteractionSet Create(IEnumerable<Interaction> interactions, int userCount, int itemCount)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var array = interactions.ToArray();
        foreach (var x in array)
        {
            if ((uint)x.User >= (uint)userCount || (uint)x.Item >= (uint)itemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(interactions), $"interaction ({x.User}, {x.Item}) is outside {userCount} users × {itemCount} items");
            }
        }

        Array.Sort(array, static (a, b) => a.User != b.User ? a.User.CompareTo(b.User) : a.Item.CompareTo(b.Item));
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i].User == array[i - 1].User && array[i].Item == array[i - 1].Item)
            {
                throw new ArgumentException($"pair ({array[i].User}, {array[i].Item}) appears twice", nameof(interactions));
            }
        }

        return new InteractionSet(array, userCount, itemCount);
    }
}
