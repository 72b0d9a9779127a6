using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

public sealed partial class RedisRunStore
{
    /// <inheritdoc/>
    public void AppendEpoch(string runId, string leaseId, RunEpoch epoch)
    {
        RunStore.ValidateEpoch(epoch);
        RunStore.CheckLeaseArguments(runId, leaseId);
        var stored = TrainingDocuments.Encode(new EpochDocument { Loss = epoch.Loss, Metrics = RunDocument.Metrics(epoch.Metrics) });
        plane.Transact(write =>
        {
            var run = RequireLease(write.Read, runId, leaseId, time.GetUtcNow());
            RunStore.RequirePlanned(epoch, run.Epochs);
            write.HashSet(keys.Epochs(runId), epoch.Epoch, stored);
        });
    }

    /// <inheritdoc/>
    public void AppendLogs(string runId, string leaseId, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        RunStore.CheckLeaseArguments(runId, leaseId);
        var kept = RunStore.KeptLines(lines).Select(l => (RedisValue)l).ToArray();
        plane.Transact(write =>
        {
            _ = RequireLease(write.Read, runId, leaseId, time.GetUtcNow());
            if (kept.Length > 0)
            {
                write.ListRightPush(keys.Logs(runId), kept);
                write.ListTrim(keys.Logs(runId), -RunStore.MaxLogLines, -1);
            }
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> GetLogs(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RunStore.RequireRunId(runId);
        return plane.Read(db =>
        {
            if (ReadDocument(db, runId)?.Tenant != tenant)
            {
                throw RunStore.RunNotFound(runId);
            }

            var lines = db.ListRange(keys.Logs(runId));
            return RunStore.NewestThatFit(NewestFirst(lines));
        });

        static IEnumerable<string> NewestFirst(RedisValue[] lines)
        {
            for (var i = lines.Length - 1; i >= 0; i--)
            {
                yield return (string)lines[i]!;
            }
        }
    }
}
