using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.EventLog;

namespace NeuronEngine.Trainer.Tests.Datasets;

/// <summary>Writes real event logs for the dataset tests.</summary>
internal static class TestLog
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TrackedEvent Event(string user, string item, string type, long timestamp, params string[] tags) =>
        new(null, user, item, type, 1, timestamp, tags);

    public static EventBatch Batch(string tenant, params TrackedEvent[] events) => new(tenant, 1_700_000_000_000_000, events);

    /// <summary>Appends the batches in order and returns the position after each one.</summary>
    public static async Task<LogPosition[]> WriteAsync(string directory, params EventBatch[] batches)
    {
        var options = new EventLogOptions { Directory = directory, Durability = "none", SegmentSizeBytes = EventLogOptions.MinSegmentSizeBytes };
        var writer = await EventLogWriter.OpenAsync(options, NullLogger.Instance).WaitAsync(Timeout);
        await using (writer)
        {
            var ends = new LogPosition[batches.Length];
            for (var i = 0; i < batches.Length; i++)
            {
                ends[i] = (await writer.AppendAsync(batches[i]).AsTask().WaitAsync(Timeout)).Next;
            }

            return ends;
        }
    }

    /// <summary>Click 1 (threshold 3), purchase 10 (threshold 1), view 2 (threshold 100: dropped on the standard data).</summary>
    public static FrozenTemplate Template(long minTotal = 5, string? tag = null, long clickThreshold = 3) => new(
        "tpl-1",
        [new TemplateSignal("click", 1, clickThreshold), new TemplateSignal("purchase", 10, 1), new TemplateSignal("view", 2, 100)],
        minTotal,
        tag);

    public static SplitOptions Split(double fraction = 0.25, int min = 4) => new() { Protocol = SplitOptions.LatestProtocol, EvalFraction = fraction, MinUserInteractions = min };

    /// <summary>
    /// Tenant acme: u1 clicks i1–i4 (i4 last) and buys i1, and views i9; u2 clicks i1, i2, i4. Tenant other: its own
    /// users and items, some with acme's names. 7 clicks, 1 purchase, 1 view for acme.
    /// </summary>
    public static EventBatch[] Standard() =>
    [
        Batch("acme", Event("u1", "i1", "click", 10), Event("u1", "i2", "click", 20), Event("u2", "i1", "click", 15)),
        Batch("other", Event("u1", "x1", "click", 11), Event("u1", "x2", "click", 12), Event("z9", "x1", "click", 13), Event("z9", "i1", "purchase", 14)),
        Batch("acme", Event("u1", "i1", "purchase", 30), Event("u1", "i3", "click", 40), Event("u1", "i4", "click", 50), Event("u1", "i9", "view", 60)),
        Batch("acme", Event("u2", "i2", "click", 25), Event("u2", "i4", "click", 35)),
    ];

    public static async Task<TrainEvalDataset> BuildAsync(
        string directory, LogPosition to, FrozenTemplate? template = null, SplitOptions? split = null, string tenant = "acme") =>
        await new EventLogDatasetReader(new EventLogReader(directory))
            .BuildAsync(tenant, template ?? Template(), to, split ?? Split())
            .WaitAsync(Timeout);

    /// <summary>The interactions as readable (user, item, weight, timestamp) tuples, sorted.</summary>
    public static List<(string User, string Item, float Weight, long Timestamp)> Rows(TrainEvalDataset dataset, InteractionSet set) =>
        set.All.ToArray()
            .Select(x => (dataset.Users[x.User], dataset.Items[x.Item], x.Weight, x.TimestampMicros))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal)
            .ToList();
}
