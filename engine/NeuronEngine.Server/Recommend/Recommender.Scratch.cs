using NeuronEngine.Counters;

namespace NeuronEngine.Server.Recommend;

internal sealed partial class Recommender
{
    /// <summary>Per-thread buffers for one Recommend call, so the hot path allocates little beyond the response.</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? current;

        private Scratch(int historyLength, int modelHistory)
        {
            History = new HistoryEntry[historyLength];
            Items = new long[modelHistory];
            Weights = new float[modelHistory];
        }

        public HistoryEntry[] History { get; }

        public long[] Items { get; }

        public float[] Weights { get; }

        /// <summary>Model indices of the user's history items.</summary>
        public HashSet<int> Seen { get; } = [];

        public static Scratch ForThread(int historyLength, int modelHistory)
        {
            var scratch = current;
            if (scratch is null || scratch.History.Length != historyLength || scratch.Items.Length != modelHistory)
            {
                current = scratch = new Scratch(historyLength, modelHistory);
            }

            scratch.Seen.Clear();
            return scratch;
        }

        public bool HasSeen(string itemId, int entries)
        {
            for (var i = 0; i < entries; i++)
            {
                if (string.Equals(History[i].ItemId, itemId, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
