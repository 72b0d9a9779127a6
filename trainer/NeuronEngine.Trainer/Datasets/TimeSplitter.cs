using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// The split protocol, per user. For each user with at least <see cref="SplitOptions.MinUserInteractions"/>
/// de-duplicated interactions, the user's interactions are put in an order and the first
/// ⌊<see cref="SplitOptions.EvalFraction"/> · n⌋ of them, at least 1 and at most n − 1, are held out for eval; the
/// rest, and every interaction of users with fewer, are train. The order is, for <c>random</c> (the default), a hash of
/// the seed, the user id and the item id — a seeded shuffle that never depends on input order — and for
/// <c>latest</c>, newest first (ties broken by item id, ordinal): the model then sees a user's past and must rank what
/// the user did next. Items seen only in eval are then dropped by <see cref="DatasetAssembler"/>.
/// </summary>
internal static class TimeSplitter
{
    /// <summary>Splits de-duplicated interactions (sorted by user) into train and eval.</summary>
    public static (List<Interaction> Train, List<Interaction> Eval) Split(IReadOnlyList<Interaction> interactions, IdVocabulary items, SplitOptions options, IdVocabulary? users = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
        }

        var train = new List<Interaction>(interactions.Count);
        var eval = new List<Interaction>();
        var user = new List<Interaction>();
        for (var start = 0; start < interactions.Count;)
        {
            var end = start;
            user.Clear();
            while (end < interactions.Count && interactions[end].User == interactions[start].User)
            {
                user.Add(interactions[end++]);
            }

            start = end;
            if (user.Count < options.MinUserInteractions)
            {
                train.AddRange(user);
                continue;
            }

            if (options.Protocol == SplitOptions.RandomProtocol)
            {
                var userId = users?[user[0].User] ?? user[0].User.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var keys = user.ToDictionary(x => x.Item, x => Key(options.Seed, userId, items[x.Item]));
                user.Sort((a, b) => keys[a.Item] != keys[b.Item] ? keys[a.Item].CompareTo(keys[b.Item]) : string.CompareOrdinal(items[a.Item], items[b.Item]));
            }
            else
            {
                user.Sort((a, b) => a.TimestampMicros != b.TimestampMicros
                    ? b.TimestampMicros.CompareTo(a.TimestampMicros)
                    : string.CompareOrdinal(items[a.Item], items[b.Item]));
            }

            // The epsilon keeps 0.29 · 100 (28.999…96 in binary) at 29.
            var held = Math.Clamp((int)Math.Floor((options.EvalFraction * user.Count) + 1e-9), 1, user.Count - 1);
            for (var i = 0; i < user.Count; i++)
            {
                (i < held ? eval : train).Add(user[i]);
            }
        }

        return (train, eval);
    }

    /// <summary>FNV-1a over the seed and both ids: a stable pseudo-random key (string.GetHashCode is randomised per process).</summary>
    private static ulong Key(long seed, string user, string item)
    {
        var hash = 14695981039346656037UL ^ (ulong)seed;
        foreach (var c in user)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ 0xFF) * 1099511628211UL;
        foreach (var c in item)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // A final mix, so that ids differing in their last character do not keep neighbouring keys.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
