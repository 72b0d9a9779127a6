using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Core;
using NeuronEngine.Registry.Training;
using ContractRubric = NeuronEngine.Contracts.V1.Rubric;
using ContractRubricGate = NeuronEngine.Contracts.V1.RubricGate;
using ContractRun = NeuronEngine.Contracts.V1.Run;
using ContractRunProgress = NeuronEngine.Contracts.V1.RunProgress;
using ContractRunStatus = NeuronEngine.Contracts.V1.RunStatus;
using Dataset = NeuronEngine.Contracts.V1.Dataset;
using EpochMetrics = NeuronEngine.Contracts.V1.EpochMetrics;
using RunProgress = NeuronEngine.Registry.Training.RunProgress;
using RunStatus = NeuronEngine.Registry.Training.RunStatus;

namespace NeuronEngine.Engine.Training;

/// <summary>Maps training records to and from neuron.v1 messages.</summary>
internal static class RunMapping
{
    public static ContractRun ToContract(this TrainingRun run)
    {
        var result = new ContractRun
        {
            RunId = run.RunId,
            TemplateId = run.Spec.TemplateId,
            Recipe = run.Spec.Recipe,
            Status = (ContractRunStatus)(int)run.Status,
            Created = Timestamp.FromDateTimeOffset(run.Created),
            Started = run.Started is { } started ? Timestamp.FromDateTimeOffset(started) : null,
            Finished = run.Finished is { } finished ? Timestamp.FromDateTimeOffset(finished) : null,
            Duration = run.Started is { } from && run.Finished is { } to ? Duration.FromTimeSpan(to - from) : null,
            Manifest = run.Manifest,
            Version = run.Version is { } version ? new Contracts.V1.VersionRef { Family = version.Family.ToString(), Version = version.Version } : null,
            Error = run.Error ?? string.Empty,
            EpochsPlanned = run.Spec.Epochs,
            BatchSize = run.Spec.BatchSize,
            LearningRate = run.Spec.LearningRate,
            Seed = run.Spec.Seed,
            Rubric = run.Spec.Rubric.ToContract(),
            Progress = new ContractRunProgress
            {
                Phase = run.Progress.Phase,
                Epoch = run.Progress.Epoch,
                Step = run.Progress.Step,
                StepsPerEpoch = run.Progress.StepsPerEpoch,
            },
            TrainDatasetId = run.Spec.TrainDatasetId ?? string.Empty,
            EvalDatasetId = run.Spec.EvalDatasetId ?? string.Empty,
            Family = run.Spec.Family,
            Actor = run.Spec.Actor,
        };
        foreach (var epoch in run.EpochResults)
        {
            var metrics = new EpochMetrics { Epoch = epoch.Epoch, Loss = epoch.Loss };
            foreach (var (name, value) in epoch.Metrics)
            {
                metrics.Metrics[name] = value;
            }

            result.Epochs.Add(metrics);
        }

        foreach (var (name, value) in run.FinalMetrics)
        {
            result.FinalMetrics[name] = value;
        }

        return result;
    }

    public static ContractRubric ToContract(this RunRubric rubric)
    {
        var result = new ContractRubric { PrimaryMetric = rubric.PrimaryMetric, Patience = rubric.Patience };
        result.Gates.Add(rubric.Gates.Select(g => new ContractRubricGate { Name = g.Name, MinValue = g.MinValue }));
        return result;
    }

    public static Dataset ToContract(this UploadedDataset dataset) => new()
    {
        DatasetId = dataset.DatasetId,
        Description = dataset.Description,
        Events = dataset.Events,
        Users = dataset.Users,
        Items = dataset.Items,
        Bytes = dataset.Bytes,
        Sha256 = dataset.Sha256,
        Created = Timestamp.FromDateTimeOffset(dataset.Created),
    };

    public static RunProgress? ToRegistry(this ContractRunProgress? progress) =>
        progress is null ? null : new RunProgress(progress.Phase, progress.Epoch, progress.Step, progress.StepsPerEpoch);

    /// <summary>A status filter: unset means any.</summary>
    public static RunStatus? ToFilter(this ContractRunStatus status) => status switch
    {
        ContractRunStatus.Unspecified => null,
        _ when System.Enum.IsDefined((RunStatus)(int)status) => (RunStatus)(int)status,
        _ => throw NeuronException.InvalidArgument("status", $"unknown run status {(int)status}"),
    };

    /// <summary>A final status a trainer reports.</summary>
    public static RunStatus ToFinal(this ContractRunStatus status) => status switch
    {
        ContractRunStatus.Succeeded => RunStatus.Succeeded,
        ContractRunStatus.EarlyStopped => RunStatus.EarlyStopped,
        ContractRunStatus.Failed => RunStatus.Failed,
        ContractRunStatus.Stopped => RunStatus.Stopped,
        _ => throw NeuronException.InvalidArgument("status", $"must be SUCCEEDED, EARLY_STOPPED, FAILED or STOPPED, not {status}"),
    };
}
