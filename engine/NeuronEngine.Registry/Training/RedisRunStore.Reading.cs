using System.Globalization;
using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

public sealed partial class RedisRunStore
{
    // KEYS: runs, the run's epochs, manifests; ARGV: the run id. A missing field comes back as nil.
    private const string ReadWholeScript = """
        return { redis.call('HGET', KEYS[1], ARGV[1]), redis.call('HGETALL', KEYS[2]), redis.call('HGET', KEYS[3], ARGV[1]) }
        """;

    // KEYS: hashes; returns each one's HGETALL.
    private const string ReadHashesScript = """
        local all = {}
        for i, key in ipairs(KEYS) do all[i] = redis.call('HGETALL', key) end
        return all
        """;

    /// <summary>
    /// The tenant's Queued and Running runs, oldest first (by creation time, then run id). Inside a transaction, pass
    /// its reads, so what the caller decides on them is checked again at the commit.
    /// </summary>
    internal static IEnumerable<RunDocument> ReadActive(IDatabase read, RedisTrainingKeys keys, string tenant)
    {
        var ids = Array.ConvertAll(read.SortedSetRangeByValue(keys.ActiveRuns(tenant)), o => (RedisValue)RedisTrainingKeys.RunIdOf(o));
        var documents = ids.Length == 0 ? [] : read.HashGet(keys.Runs, ids);
        for (var i = 0; i < ids.Length; i++)
        {
            yield return TrainingDocuments.DecodeRun(documents[i], (string)ids[i]!) ?? throw Missing((string)ids[i]!);
        }
    }

    /// <summary>The run's document, or null when there is no such run.</summary>
    private RunDocument? ReadDocument(IDatabase read, string runId) => TrainingDocuments.DecodeRun(read.HashGet(keys.Runs, runId), runId);

    /// <summary>The run (and its document) with its epochs and manifest, read in one script so the three agree; null when there is no such run.</summary>
    private (RunDocument Document, TrainingRun Run)? ReadWhole(IDatabase read, string runId)
    {
        var whole = (RedisResult[])read.ScriptEvaluate(ReadWholeScript, [keys.Runs, keys.Epochs(runId), keys.Manifests], [runId])!;
        return TrainingDocuments.DecodeRun((RedisValue)whole[0], runId) is { } found
            ? (found, found.ToRun(Epochs(Entries(whole[1]), runId), ManifestOf((RedisValue)whole[2])))
            : null;
    }

    /// <summary>The epochs of each of <paramref name="runs"/>, read in one script.</summary>
    private List<RunEpoch>[] ReadEpochs(IDatabase read, List<RunDocument> runs)
    {
        if (runs.Count == 0)
        {
            return [];
        }

        var all = (RedisResult[])read.ScriptEvaluate(ReadHashesScript, [.. runs.Select(r => keys.Epochs(r.RunId))])!;
        return [.. runs.Select((r, i) => Epochs(Entries(all[i]), r.RunId))];
    }

    /// <summary>
    /// <paramref name="document"/> as a run, with the epochs and manifest read now. Inside a transaction that writes,
    /// the commit checks nothing changed them meanwhile.
    /// </summary>
    private TrainingRun WithDetails(IDatabase read, RunDocument document) =>
        document.ToRun(Epochs(read.HashGetAll(keys.Epochs(document.RunId)), document.RunId), ManifestOf(read.HashGet(keys.Manifests, document.RunId)));

    /// <summary>A run's epochs, in order.</summary>
    private static List<RunEpoch> Epochs(HashEntry[] entries, string runId)
    {
        var epochs = new List<RunEpoch>(entries.Length);
        foreach (var entry in entries)
        {
            if (!int.TryParse((string?)entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw NeuronException.DataLoss($"run {runId} has an epoch numbered \"{entry.Name}\" in Redis");
            }

            var epoch = TrainingDocuments.DecodeEpoch(entry.Value, runId);
            epochs.Add(new RunEpoch(number, epoch.Loss, RunDocument.Metrics(epoch.Metrics)));
        }

        epochs.Sort((a, b) => a.Epoch.CompareTo(b.Epoch));
        return epochs;
    }

    /// <summary>A flat HGETALL reply as hash entries.</summary>
    private static HashEntry[] Entries(RedisResult reply)
    {
        var flat = (RedisValue[])reply!;
        var entries = new HashEntry[flat.Length / 2];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new HashEntry(flat[2 * i], flat[(2 * i) + 1]);
        }

        return entries;
    }

    private static string ManifestOf(RedisValue manifest) => manifest.IsNull ? string.Empty : (string)manifest!;

    /// <summary>An index names a run whose document is gone: the keys were changed outside the engine.</summary>
    private static NeuronException Missing(string runId) => NeuronException.DataLoss($"run {runId} is indexed but has no document in Redis");
}
