using NeuronEngine.LoadTests.Data;

namespace NeuronEngine.LoadTests.Quality;

/// <summary>
/// The RECIPES.md split: per user (in order of first appearance), the user's distinct items are shuffled with one
/// seeded <see cref="Random"/>; the first round(share × n) go to train with all their events, the rest are held out.
/// Users with fewer than <see cref="MinItemsToSplit"/> distinct items are all train. No (user, item) pair is on both sides.
/// </summary>
internal sealed class QualitySplit
{
    public const int MinItemsToSplit = 4;

    private QualitySplit(int[][] train, int[][] test)
    {
        TrainItems = train;
        TestItems = test;
    }

    /// <summary>Each user's training items, sorted.</summary>
    public int[][] TrainItems { get; }

    /// <summary>Each user's held-out items, sorted (empty for users who are all train).</summary>
    public int[][] TestItems { get; }

    public bool IsTrain(InteractionTable table, int row) => Array.BinarySearch(TrainItems[table.UserOf(row)], table.ItemOf(row)) >= 0;

    public static QualitySplit Create(InteractionTable table, double trainShare, int seed)
    {
        var distinct = new List<int>[table.Users.Count];
        var seen = new HashSet<long>();
        for (var row = 0; row < table.Count; row++)
        {
            var (user, item) = (table.UserOf(row), table.ItemOf(row));
            if (seen.Add(((long)user << 32) | (uint)item))
            {
                (distinct[user] ??= []).Add(item);
            }
        }

        var random = new Random(seed);
        var train = new int[distinct.Length][];
        var test = new int[distinct.Length][];
        for (var user = 0; user < distinct.Length; user++)
        {
            var items = distinct[user].ToArray();
            random.Shuffle(items);
            var keep = items.Length < MinItemsToSplit
                ? items.Length
                : Math.Clamp((int)Math.Round(items.Length * trainShare, MidpointRounding.AwayFromZero), 1, items.Length - 1);
            train[user] = items[..keep];
            test[user] = items[keep..];
            Array.Sort(train[user]);
            Array.Sort(test[user]);
            if (test[user].Any(i => Array.BinarySearch(train[user], i) >= 0))
            {
                throw new InvalidOperationException($"split: user {table.Users[user]} has an item on both sides");
            }
        }

        return new QualitySplit(train, test);
    }
}
