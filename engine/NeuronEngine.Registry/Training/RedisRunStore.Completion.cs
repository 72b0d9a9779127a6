using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Registry.Training;

public sealed partial class RedisRunStore
{
    /// <inheritdoc/>
    public TrainingRun Complete(string runId, string leaseId, RunCompletion completion, Action<int>? placeArtifact = null)
    {
        RunStore.CheckCompletion(completion, placeArtifact);
        RunStore.CheckLeaseArguments(runId, leaseId);
        var (finished, version) = plane.Transact(write =>
        {
            var now = time.GetUtcNow();
            var running = RequireLease(write.Read, runId, leaseId, now);
            int? version = completion.RegistersVersion
                ? RegisterVersion(write, running, RunStore.RegistrationOf(running.ToRun([], string.Empty), completion))
                : null;
            var done = Finish(write, running, completion.Status, RunStore.ErrorOf(completion), now) with
            {
                FinalMetrics = RunDocument.Metrics(completion.FinalMetrics),
                VersionFamily = version is null ? null : running.Family,
                VersionNumber = version,
            };
            write.HashSet(keys.Runs, runId, TrainingDocuments.Encode(done));
            if (!string.IsNullOrEmpty(completion.Manifest))
            {
                write.HashSet(keys.Manifests, runId, completion.Manifest);
            }

            var epochs = Epochs(write.Read.HashGetAll(keys.Epochs(runId)), runId);
            return (done.ToRun(epochs, completion.Manifest ?? string.Empty), version);
        });

        // After the commit, once: a transaction's body may run several times, and the artifact must not move for a
        // number another attempt did not keep.
        if (version is { } number)
        {
            placeArtifact!(number);
        }

        return finished;
    }

    /// <inheritdoc/>
    public TrainingRun RequestStop(string tenant, string runId)
    {
        RegistryRules.RequireTenant(tenant);
        RunStore.RequireRunId(runId);
        return plane.Transact(write =>
        {
            var run = ReadOwn(write, tenant, runId);
            var changed = run.Status switch
            {
                RunStatus.Queued => Finish(write, run, RunStatus.Stopped, null, time.GetUtcNow()),
                RunStatus.Running => run with { StopRequested = true },
                _ => throw RunStore.AlreadyEnded(runId, run.Status),
            };
            write.HashSet(keys.Runs, runId, TrainingDocuments.Encode(changed));
            return WithDetails(write.Read, changed);
        });
    }

    /// <inheritdoc/>
    public TrainingRun ForceStop(string tenant, string runId, string reason)
    {
        RegistryRules.RequireTenant(tenant);
        RunStore.RequireRunId(runId);
        return plane.Transact(write =>
        {
            var run = ReadOwn(write, tenant, runId);
            if (run.Status == RunStatus.Running)
            {
                run = Finish(write, run, RunStatus.Stopped, reason, time.GetUtcNow());
                write.HashSet(keys.Runs, runId, TrainingDocuments.Encode(run));
            }

            return WithDetails(write.Read, run);
        });
    }

    private RunDocument ReadOwn(RedisWrite write, string tenant, string runId) =>
        ReadDocument(write.Read, runId) is { } run && run.Tenant == tenant ? run : throw RunStore.RunNotFound(runId);

    /// <summary>
    /// Queues what puts a live run in a final status: it leaves the queue or the running set and its tenant's live runs,
    /// and gives up its place in its family. Returns the document with the status, the finish time, the error (cut to
    /// length), no lease (the holder stays on record) and phase <c>done</c>, for the caller to store.
    /// </summary>
    private RunDocument Finish(RedisWrite write, RunDocument run, RunStatus status, string? error, DateTimeOffset now)
    {
        var order = RedisTrainingKeys.OrderKey(run.Created, run.RunId);
        if (run.Status == RunStatus.Queued)
        {
            write.SortedSetRemove(keys.Queued, order);
        }
        else
        {
            write.SetRemove(keys.Running, run.RunId);
        }

        write.SortedSetRemove(keys.ActiveRuns(run.Tenant), order);
        ReleaseVersion(write, run);
        return run with
        {
            Status = status,
            Finished = now.UtcTicks,
            Error = error is null ? null : RunStore.Truncate(error, RunStore.MaxErrorLength),
            LeaseId = null,
            LeaseExpires = null,
            Phase = "done",
        };
    }
}
