using NeuronEngine.Core;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// Reads a train set and an eval set uploaded as JSON Lines, one event per line:
/// <c>{"user_id": "u1", "item_id": "i9", "type": "click", "timestamp": "2025-01-02T03:04:05Z"}</c>. The timestamp is
/// an RFC 3339 string or an integer count of microseconds since the Unix epoch (the log's unit). Blank lines are
/// skipped. The split came with the upload, so thresholds and the split options do not apply; the template gives
/// the weights, repeated pairs within a file fold as in the event log (largest weight, latest time), and the rules
/// after the split are the same: no pair in both sets, eval items and users unknown to train dropped and counted.
/// </summary>
internal static class UploadedDatasetReader
{
    /// <exception cref="NeuronException">InvalidArgument naming the file and line of the first bad line (malformed
    /// JSON, a missing or bad field, a type the template does not use); FailedPrecondition with the count when train
    /// and eval share (user, item) pairs.</exception>
    public static async Task<TrainEvalDataset> ReadAsync(FrozenTemplate template, TextReader train, TextReader eval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(eval);
        template.EnsureValid();
        var users = new IdVocabulary();
        var items = new IdVocabulary();
        var counts = template.Signals.ToDictionary(s => s.Type, _ => 0L, StringComparer.Ordinal);
        var trainPairs = new PairAccumulator();
        var evalPairs = new PairAccumulator();
        var lines = await ReadFileAsync("train", train, template, users, items, trainPairs, counts, cancellationToken);
        lines += await ReadFileAsync("eval", eval, template, users, items, evalPairs, counts, cancellationToken);
        var provenance = new SplitReport
        {
            Source = "upload",
            TemplateId = template.TemplateId,
            SignalsUsed = template.Signals.Where(s => counts[s.Type] > 0).Select(s => new SignalStat(s.Type, s.Weight, s.Threshold, counts[s.Type])).ToList(),
            SignalsDropped = template.Signals.Where(s => counts[s.Type] == 0).Select(s => new SignalStat(s.Type, s.Weight, s.Threshold, 0)).ToList(),
            EventsRead = lines,
            EventsUsed = trainPairs.Events + evalPairs.Events,
            DuplicatesMerged = trainPairs.Events - trainPairs.Count + evalPairs.Events - evalPairs.Count,
        };
        return DatasetAssembler.Assemble(users, items, trainPairs.ToList(), evalPairs.ToList(), provenance);
    }

    private static async Task<long> ReadFileAsync(
        string name, TextReader reader, FrozenTemplate template, IdVocabulary users, IdVocabulary items, PairAccumulator pairs,
        Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        long number = 0, events = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var field = $"{name} line {number}";
            var (user, item, type, timestamp) = DatasetLine.Parse(line, field);
            var signal = template.Find(type)
                ?? throw NeuronException.InvalidArgument(field, $"type \"{type}\" is not a signal of template \"{template.TemplateId}\"");
            counts[type]++;
            events++;
            pairs.Add(users.Intern(user), items.Intern(item), signal.Weight, timestamp);
        }

        return events;
    }
}
