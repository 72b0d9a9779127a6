using System.Globalization;
using System.Security.Cryptography;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Registry.Templates;
using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Storage;
using NeuronEngine.Engine.Templates;
using RubricGate = NeuronEngine.Registry.Training.RubricGate;
using TemplateStatus = NeuronEngine.Registry.Templates.TemplateStatus;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// <c>StartRun</c>: the template must exist; the options are checked (every field named) with defaults applied; then
/// the template must be Published and ready (or, with uploaded datasets, the two sets must not share pairs); the run is
/// queued with the event log's end as its data window, and waiting trainers are woken.
/// </summary>
internal sealed class RunStarter(ITemplateStore templates, IRunStore runs, IDatasetStore datasets, DatasetFiles files, EngineStorage storage, RunChanges changes)
{
    public async Task<TrainingRun> StartAsync(string tenant, string actor, StartRunRequest request, CancellationToken cancellationToken)
    {
        if (request.TemplateId.Length == 0)
        {
            NeuronException.ThrowInvalidArgument("template_id", "must not be empty");
        }

        var template = templates.Get(tenant, request.TemplateId);
        var spec = ToSpec(request, template, actor);
        RunRules.Validate(spec);
        if (template.Status != TemplateStatus.Published)
        {
            throw NeuronException.FailedPrecondition($"template \"{template.TemplateId}\" is a Draft: publish it first, so the run can be reproduced from it");
        }

        if (spec.TrainDatasetId is { } trainId && spec.EvalDatasetId is { } evalId)
        {
            var train = datasets.Get(tenant, trainId);
            var eval = datasets.Get(tenant, evalId);
            var shared = await files.CountSharedPairsAsync(train, eval, cancellationToken);
            if (shared > 0)
            {
                throw NeuronException.FailedPrecondition(string.Create(CultureInfo.InvariantCulture,
                    $"train and eval datasets share {shared} (user, item) pairs; an eval set must not contain pairs the model trained on"));
            }
        }
        else
        {
            var readiness = TemplateReadiness.Evaluate(template, storage.Counters.GetStats(tenant));
            if (!readiness.Ready)
            {
                throw NeuronException.FailedPrecondition(readiness.Explain());
            }
        }

        // Every event acknowledged before this call ends at or before the log's end now, so it is inside the window. In
        // cluster mode the window is the tenant's stream up to its newest entry now.
        var run = storage.Cluster is { } cluster
            ? runs.Create(tenant, spec with { StreamPosition = await cluster.EndOfStreamAsync(tenant) })
            : runs.Create(tenant, spec with { LogPosition = storage.Log.EndPosition.Offset });
        changes.Queued();
        return run;
    }

    private static NewRun ToSpec(StartRunRequest request, Registry.Templates.Template template, string actor)
    {
        var rubric = request.Rubric is null ? RunRubric.Default : new RunRubric(
            request.Rubric.PrimaryMetric.Length == 0 ? RunRules.DefaultPrimaryMetric : request.Rubric.PrimaryMetric,
            [.. request.Rubric.Gates.Select(g => new RubricGate(g.Name, g.MinValue))],
            request.Rubric.HasPatience ? request.Rubric.Patience : RunRules.DefaultPatience);
        return new NewRun(
            template.TemplateId,
            template.Name,
            template.Status == TemplateStatus.Published ? FrozenTemplateMapping.ToStored(FrozenTemplateMapping.FromPublished(template)) : "{}",
            request.Recipe.Length == 0 ? RunRules.DefaultRecipe : request.Recipe,
            request.HasEpochs ? request.Epochs : RunRules.DefaultEpochs,
            request.HasBatchSize ? request.BatchSize : RunRules.DefaultBatchSize,
            request.HasLearningRate ? request.LearningRate : RunRules.DefaultLearningRate,
            request.HasSeed ? request.Seed : RandomNumberGenerator.GetInt32(int.MaxValue),
            rubric,
            RunRules.ChooseFamily(request.Family, template.Name, template.TemplateId),
            actor,
            request.TrainDatasetId.Length == 0 ? null : request.TrainDatasetId,
            request.EvalDatasetId.Length == 0 ? null : request.EvalDatasetId,
            0);
    }
}
