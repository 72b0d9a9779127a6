using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Registry.Training;

public sealed partial class RedisRunStore
{
    // A live run holds a place in its family under RegistryLimits.VersionsPerFamily (SQLite counts its queued and running
    // runs instead): taken in the transaction that queues it, given up in the one that ends it, or handed to the version
    // it registers.

    /// <summary>Throws ResourceExhausted when the run's family has no room for its version; else queues its hold there.</summary>
    private void HoldVersion(RedisWrite write, RunDocument run) => models.QueueVersionHold(write, FamilyOf(run), run.RunId);

    private void ReleaseVersion(RedisWrite write, RunDocument run) => models.QueueVersionHoldRelease(write, FamilyOf(run), run.RunId);

    /// <summary>Queues the version the run registers (its hold goes with it) and returns its number.</summary>
    private int RegisterVersion(RedisWrite write, RunDocument run, VersionRegistration registration) =>
        models.QueueRegistration(write, run.Tenant, run.Family, registration, completingRunId: run.RunId).Version;

    private static FamilyRef FamilyOf(RunDocument run) => new(run.Tenant, run.Family);
}
