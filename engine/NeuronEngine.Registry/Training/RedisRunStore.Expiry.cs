using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

public sealed partial class RedisRunStore
{
    /// <inheritdoc/>
    public IReadOnlySet<string> RunningIds() =>
        plane.Read(db => db.SetMembers(keys.Running).Select(id => (string)id!).ToHashSet(StringComparer.Ordinal));

    /// <inheritdoc/>
    public IReadOnlyList<TrainingRun> ExpireLeases() => plane.Transact(write =>
    {
        var now = time.GetUtcNow();
        var ids = write.Read.SetMembers(keys.Running);
        if (ids.Length == 0)
        {
            return [];
        }

        var documents = write.Read.HashGet(keys.Runs, ids);
        var expired = new List<RunDocument>();
        for (var i = 0; i < ids.Length; i++)
        {
            var run = TrainingDocuments.DecodeRun(documents[i], (string)ids[i]!) ?? throw Missing((string)ids[i]!);
            if (run.LeaseExpires < now.UtcTicks)
            {
                expired.Add(run);
            }
        }

        var runs = new List<TrainingRun>(expired.Count);
        foreach (var run in expired.OrderBy(r => r.Created).ThenBy(r => r.RunId, StringComparer.Ordinal))
        {
            var failed = Finish(write, run, RunStatus.Failed, RunStore.ExpiredError(run.LeaseHolder, RunDocument.Time(run.LeaseExpires!.Value)), now);
            write.HashSet(keys.Runs, run.RunId, TrainingDocuments.Encode(failed));
            runs.Add(WithDetails(write.Read, failed));
        }

        return (IReadOnlyList<TrainingRun>)runs;
    });
}
