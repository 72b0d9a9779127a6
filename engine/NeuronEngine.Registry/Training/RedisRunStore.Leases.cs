using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

public sealed partial class RedisRunStore
{
    /// <inheritdoc/>
    public LeasedRun? LeaseNext(string holder, TimeSpan duration)
    {
        RunStore.CheckLeaseRequest(holder, duration);
        var leaseId = Guid.NewGuid().ToString("N");
        return plane.Transact(write =>
        {
            // Two replicas that read the same oldest run both try to take it; the revision lets one commit, and the
            // other runs again and reads the queue without it.
            var oldest = write.Read.SortedSetRangeByValue(keys.Queued, take: 1);
            if (oldest.Length == 0)
            {
                return null;
            }

            var runId = RedisTrainingKeys.RunIdOf(oldest[0]);
            var queued = ReadDocument(write.Read, runId) ?? throw Missing(runId);
            var now = time.GetUtcNow();
            var expires = now + duration;
            var leased = queued with
            {
                Status = RunStatus.Running,
                Started = now.UtcTicks,
                LeaseId = leaseId,
                LeaseHolder = holder,
                LeaseExpires = expires.UtcTicks,
                Phase = "reading",
            };
            write.HashSet(keys.Runs, runId, TrainingDocuments.Encode(leased));
            write.SortedSetRemove(keys.Queued, oldest[0]);
            write.SetAdd(keys.Running, runId);
            return new LeasedRun(WithDetails(write.Read, leased), leaseId, expires);
        });
    }

    /// <inheritdoc/>
    public TrainingRun GetLeased(string runId, string leaseId)
    {
        RunStore.CheckLeaseArguments(runId, leaseId);
        return plane.Read(db =>
        {
            var (document, run) = ReadWhole(db, runId) ?? throw RunStore.RunNotFound(runId);
            RunStore.RequireHeld(runId, leaseId, run.Status, document.LeaseId, run.LeaseExpires, time.GetUtcNow());
            return run;
        });
    }

    /// <inheritdoc/>
    public bool Renew(string runId, string leaseId, RunProgress? progress, TimeSpan duration)
    {
        RunStore.CheckRenewal(progress, duration);
        RunStore.CheckLeaseArguments(runId, leaseId);
        return plane.Transact(write =>
        {
            var now = time.GetUtcNow();
            var held = RequireLease(write.Read, runId, leaseId, now);
            var renewed = held with { LeaseExpires = (now + duration).UtcTicks };
            if (progress is not null)
            {
                renewed = renewed with { Phase = progress.Phase, Epoch = progress.Epoch, Step = progress.Step, StepsPerEpoch = progress.StepsPerEpoch };
            }

            write.HashSet(keys.Runs, runId, TrainingDocuments.Encode(renewed));
            return held.StopRequested;
        });
    }

    /// <summary>The run's document when <paramref name="leaseId"/> is its current lease at <paramref name="now"/>; throws NotFound or FailedPrecondition otherwise.</summary>
    private RunDocument RequireLease(IDatabase read, string runId, string leaseId, DateTimeOffset now)
    {
        var run = ReadDocument(read, runId) ?? throw RunStore.RunNotFound(runId);
        RunStore.RequireHeld(runId, leaseId, run.Status, run.LeaseId, run.LeaseExpires is { } expires ? RunDocument.Time(expires) : null, now);
        return run;
    }
}
