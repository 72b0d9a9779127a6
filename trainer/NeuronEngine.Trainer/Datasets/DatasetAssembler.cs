using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// Turns raw train and eval interactions into a <see cref="TrainEvalDataset"/>: checks they share no pair, drops
/// eval interactions no model could score (item or user absent from train), re-numbers ids to what train holds,
/// and hashes both sets. The event-log split and uploads both finish here, so both obey the same rules.
/// </summary>
internal static class DatasetAssembler
{
    /// <exception cref="NeuronException">FailedPrecondition with the count when train and eval share pairs.</exception>
    public static TrainEvalDataset Assemble(
        IdVocabulary users, IdVocabulary items, IReadOnlyList<Interaction> train, IReadOnlyList<Interaction> eval, SplitReport provenance)
    {
        var trainPairs = new HashSet<long>(train.Count);
        var userInTrain = new bool[users.Count];
        var itemInTrain = new bool[items.Count];
        foreach (var x in train)
        {
            trainPairs.Add(Key(x.User, x.Item));
            userInTrain[x.User] = true;
            itemInTrain[x.Item] = true;
        }

        long overlap = 0;
        foreach (var x in eval)
        {
            overlap += trainPairs.Contains(Key(x.User, x.Item)) ? 1 : 0;
        }

        if (overlap > 0)
        {
            throw NeuronException.FailedPrecondition(
                $"train and eval share {overlap} (user, item) pair(s) of {eval.Count} eval pairs; an eval pair must not be trained on");
        }

        var (userMap, newUsers) = Compact(users, userInTrain);
        var (itemMap, newItems) = Compact(items, itemInTrain);
        var keptEval = new List<Interaction>(eval.Count);
        var evalOnlyItems = new HashSet<int>();
        long evalOnlyDropped = 0, noTrainUserDropped = 0;
        foreach (var x in eval)
        {
            if (!itemInTrain[x.Item])
            {
                evalOnlyItems.Add(x.Item);
                evalOnlyDropped++;
            }
            else if (!userInTrain[x.User])
            {
                noTrainUserDropped++;
            }
            else
            {
                keptEval.Add(x with { User = userMap[x.User], Item = itemMap[x.Item] });
            }
        }

        var trainSet = InteractionSet.Create(train.Select(x => x with { User = userMap[x.User], Item = itemMap[x.Item] }), newUsers.Count, newItems.Count);
        var evalSet = InteractionSet.Create(keptEval, newUsers.Count, newItems.Count);
        var userRanks = newUsers.OrdinalRanks();
        var itemRanks = newItems.OrdinalRanks();
        var report = provenance with
        {
            Users = newUsers.Count,
            Items = newItems.Count,
            EvalUsers = evalSet.UsersWithInteractions,
            TrainInteractions = trainSet.Count,
            EvalInteractions = evalSet.Count,
            Overlap = overlap,
            EvalOnlyItemsDropped = evalOnlyItems.Count,
            EvalOnlyInteractionsDropped = evalOnlyDropped,
            EvalUserWithoutTrainDropped = noTrainUserDropped,
            TrainSha256 = DatasetHash.Compute(trainSet, newUsers, newItems, userRanks, itemRanks),
            EvalSha256 = DatasetHash.Compute(evalSet, newUsers, newItems, userRanks, itemRanks),
        };
        return new TrainEvalDataset(newUsers, newItems, trainSet, evalSet, report);
    }

    /// <summary>Packs a (user, item) pair into one dictionary key.</summary>
    public static long Key(int user, int item) => ((long)user << 32) | (uint)item;

    private static (int[] Map, IdVocabulary Kept) Compact(IdVocabulary ids, bool[] keep)
    {
        // Keeps first-appearance order, so the dense ids stay deterministic for the same input.
        var map = new int[ids.Count];
        var kept = new IdVocabulary();
        for (var i = 0; i < ids.Count; i++)
        {
            map[i] = keep[i] ? kept.Intern(ids[i]) : -1;
        }

        return (map, kept);
    }
}
