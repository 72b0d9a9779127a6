using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// The split protocol: a leave-latest-out split per user. For each user with at least
/// <see cref="SplitOptions.MinUserInteractions"/> de-duplicated interactions, the user's interactions are ordered
/// newest first (ties broken by item id, ordinal, so the result never depends on input order) and the first
/// ⌊<see cref="SplitOptions.EvalFraction"/> · n⌋ of them, at least 1 and at most n − 1, are held out for eval; the
/// rest, and every interaction of users with fewer, are train. It mirrors serving: the model sees a user's past and
/// must rank what the user did next. Items seen only in eval are then dropped by <see cref="DatasetAssembler"/>.
/// </summary>
internal static class TimeSplitter
{
    /// <summary>Splits de-duplicated interactions (sorted by user) into train and eval.</summary>
    public static (List<Interaction> Train, List<Interaction> Eval) Split(IReadOnlyList<Interaction> interactions, IdVocabulary items, SplitOptions options)
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

            user.Sort((a, b) => a.TimestampMicros != b.TimestampMicros
                ? b.TimestampMicros.CompareTo(a.TimestampMicros)
                : string.CompareOrdinal(items[a.Item], items[b.Item]));
            // The epsilon keeps 0.29 · 100 (28.999…96 in binary) at 29.
            var held = Math.Clamp((int)Math.Floor((options.EvalFraction * user.Count) + 1e-9), 1, user.Count - 1);
            for (var i = 0; i < user.Count; i++)
            {
                (i < held ? eval : train).Add(user[i]);
            }
        }

        return (train, eval);
    }
}
