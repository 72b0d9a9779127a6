using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Engine.Telemetry;
using RunStatus = NeuronEngine.Registry.Training.RunStatus;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// <c>CompleteRun</c>. A success takes the trainer's artifact (which must lie in the run's work folder) into the model
/// store's staging area (a rename, or a copy across file systems), checks it as an upload is checked, and finishes the
/// run and registers its version Pending in one registry transaction, moving the artifact into place inside it. A
/// broken artifact fails the run with the loader's message instead. The engine renews the lease while it works, and
/// when the completion does not commit the artifact goes back where the trainer left it, so a retry still has it.
/// </summary>
/// <remarks>A run StopRun asked to stop ends STOPPED whatever the trainer reports, and registers nothing. One completion per run at a time: a second call (a trainer retrying after a dropped connection) while the
/// first is still checking is refused instead of racing it for the artifact.</remarks>
internal sealed partial class RunCompleter(
    IRunStore runs,
    ModelLoader loader,
    ArtifactStore artifacts,
    RunDirectories directories,
    RunChanges changes,
    IOptions<TrainingOptions> options,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    TrainingMetrics trainingMetrics,
    ILogger<RunCompleter> logger)
{
    private readonly ConcurrentDictionary<string, byte> completing = new(StringComparer.Ordinal);

    public async Task<TrainingRun> CompleteAsync(CompleteRunRequest request)
    {
        var status = request.Status.ToFinal();
        var metrics = request.FinalMetrics.ToDictionary(StringComparer.Ordinal);
        var completion = new RunCompletion(status, request.Error, metrics, request.Manifest);
        RunStore.ValidateCompletion(completion);
        if (Encoding.UTF8.GetByteCount(request.Manifest) is var manifestBytes && manifestBytes > limits.Value.MaxManifestBytes)
        {
            NeuronException.ThrowInvalidArgument("manifest", string.Create(CultureInfo.InvariantCulture,
                $"is {manifestBytes} bytes, more than {LimitsOptions.Key(nameof(LimitsOptions.MaxManifestBytes))} ({limits.Value.MaxManifestBytes})"));
        }

        if (!completing.TryAdd(request.RunId, 0))
        {
            throw NeuronException.FailedPrecondition($"run \"{request.RunId}\" is already being completed by another CompleteRun call");
        }

        try
        {
            // StopRun promises that no version is registered: a model that finished while the stop was on its way is
            // discarded, and the run ends STOPPED.
            if (completion.RegistersVersion && runs.GetLeased(request.RunId, request.LeaseId).StopRequested)
            {
                completion = completion with { Status = RunStatus.Stopped, Error = "stopped on request; the model the trainer had just finished was not registered" };
            }

            var finished = completion.RegistersVersion
                ? await RegisterAsync(request, completion)
                : runs.Complete(request.RunId, request.LeaseId, completion);
            directories.Delete(finished.RunId);
            changes.Changed(finished.RunId);
            trainingMetrics.Finished(finished);
            return finished;
        }
        finally
        {
            completing.TryRemove(request.RunId, out _);
        }
    }

    private async Task<TrainingRun> RegisterAsync(CompleteRunRequest request, RunCompletion completion)
    {
        if (!Path.IsPathFullyQualified(request.ArtifactDirectory))
        {
            NeuronException.ThrowInvalidArgument("artifact_directory", "must be an absolute path for SUCCEEDED and EARLY_STOPPED");
        }

        // Refuse a lost lease before touching the artifact, so a late trainer's files stay where they are.
        var run = runs.GetLeased(request.RunId, request.LeaseId);
        var source = directories.Confine(run.RunId, request.ArtifactDirectory)
            ?? throw NeuronException.InvalidArgument("artifact_directory", "must be the work_directory the lease named, or a folder inside it, reached without symbolic links");
        if (!Directory.Exists(source))
        {
            return Fail(request, completion, "the artifact directory the trainer named does not exist");
        }

        if (new DirectoryInfo(source).EnumerateFileSystemInfos().FirstOrDefault(e => e.LinkTarget is not null || e is DirectoryInfo) is { } odd)
        {
            return Fail(request, completion, $"the artifact holds \"{odd.Name}\", which is not a regular file");
        }

        await using var keeper = LeaseKeeper.Start(runs, changes, request.RunId, request.LeaseId, run.Progress with { Phase = "verifying" }, options.Value.Lease, time);
        var staging = artifacts.NewStagingDirectory();
        var committed = false;
        try
        {
            Take(source, staging);

            if (artifacts.ManifestTooLarge(staging) is { } tooLarge)
            {
                committed = true;
                return Fail(request, completion, $"the artifact breaks the model contract: {tooLarge}");
            }

            // Once the artifact is taken the call finishes the job even if the trainer hangs up.
            try
            {
                await loader.CheckAsync(staging, CancellationToken.None);
            }
            catch (NeuronException ex)
            {
                committed = true;
                return Fail(request, completion, $"the artifact breaks the model contract: {ex.Message}");
            }

            var manifest = request.Manifest.Length > 0 ? request.Manifest : await File.ReadAllTextAsync(Path.Combine(staging, ModelContract.ManifestFile));
            var bytes = new DirectoryInfo(staging).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            var family = new FamilyRef(run.Tenant, run.Spec.Family);
            TrainingRun finished;
            try
            {
                finished = runs.Complete(request.RunId, request.LeaseId, completion with { Error = null, Manifest = manifest, ArtifactBytes = bytes },
                    version => artifacts.Place(staging, ModelStore.ArtifactPathFor(family, version)));
            }
            catch (NeuronException ex) when (ex.Kind == ErrorKind.ResourceExhausted)
            {
                // The run's place in its family was kept since StartRun, so only a limit lowered while it trained gets here:
                // the run cannot register its version, and a retry would meet the same limit.
                committed = true;
                return Fail(request, completion, $"the version cannot be registered: {ex.Message}");
            }

            committed = true;
            if (finished.Version is { } registered)
            {
                Log.VersionRegistered(logger, finished.RunId, finished.Tenant, registered);
            }

            return finished;
        }
        finally
        {
            if (!committed)
            {
                Restore(staging, source);
            }

            ArtifactStore.Discard(staging);
        }
    }

    private TrainingRun Fail(CompleteRunRequest request, RunCompletion completion, string error)
    {
        Log.ArtifactRefused(logger, request.RunId, error);
        return runs.Complete(request.RunId, request.LeaseId, completion with { Status = RunStatus.Failed, Error = error });
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "RunVersionRegistered", Level = LogLevel.Information, Message = "Run {RunId} of tenant {Tenant} finished and registered version {Version} (Pending)")]
        public static partial void VersionRegistered(ILogger logger, string runId, string tenant, Registry.Models.VersionRef version);

        [LoggerMessage(EventId = 2, EventName = "RunArtifactRefused", Level = LogLevel.Warning, Message = "Run {RunId} failed: {Error}")]
        public static partial void ArtifactRefused(ILogger logger, string runId, string error);
    }
}
