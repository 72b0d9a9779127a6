using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.EventLog;
using NeuronEngine.Trainer.Datasets;
using NeuronEngine.Trainer.Runs;
using FrozenTemplate = NeuronEngine.Trainer.Datasets.FrozenTemplate;
using FrozenTemplateMessage = NeuronEngine.Contracts.V1.FrozenTemplate;

namespace NeuronEngine.Trainer.Worker;

/// <summary>Turns a lease from the engine into the run's <see cref="RunSpec"/>.</summary>
internal static class LeaseTranslator
{
    /// <exception cref="NeuronException">
    /// InvalidArgument when the lease carries no frozen template or one that breaks the template rules
    /// (<see cref="TemplateRules"/>, the ones the engine checked it against): the run fails saying which, rather than
    /// training on it.
    /// </exception>
    public static RunSpec ToSpec(RunLease lease, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(options);
        var run = lease.Run;
        var (template, name) = ReadTemplate(lease.Template);
        var rubric = run.Rubric ?? new Rubric();
        return new RunSpec
        {
            RunId = run.RunId,
            Tenant = lease.Tenant,
            TemplateName = name,
            Template = template,
            Recipe = run.Recipe,
            Epochs = run.EpochsPlanned,
            BatchSize = run.BatchSize,
            LearningRate = run.LearningRate,
            Seed = run.Seed,
            Rubric = new RubricSpec(
                rubric.PrimaryMetric,
                [.. rubric.Gates.Select(g => new RubricGateSpec(g.Name, g.MinValue))],
                rubric.HasPatience ? rubric.Patience : 3),
            LogPosition = new LogPosition(lease.LogPosition),
            EventLogDirectory = lease.EventLogDirectory.Length > 0 ? lease.EventLogDirectory : Path.GetFullPath(Path.Combine(options.DataDir, "events")),
            TrainDatasetPath = lease.TrainDatasetPath.Length > 0 ? lease.TrainDatasetPath : null,
            EvalDatasetPath = lease.EvalDatasetPath.Length > 0 ? lease.EvalDatasetPath : null,
        };
    }

    /// <summary>The directory the run writes into: the one the engine made for it, else one under the data directory.</summary>
    public static string WorkDirectory(RunLease lease, TrainerOptions options) =>
        lease.WorkDirectory.Length > 0
            ? lease.WorkDirectory
            : Path.GetFullPath(Path.Combine(options.DataDir, "training", "runs", lease.Run.RunId));

    private static (FrozenTemplate Template, string Name) ReadTemplate(FrozenTemplateMessage? frozen)
    {
        if (frozen is null)
        {
            throw NeuronException.InvalidArgument("template", "the lease carries no frozen template (the engine could not read the run's)");
        }

        var template = new FrozenTemplate(
            frozen.TemplateId,
            [.. frozen.Signals.Select(s => new TemplateSignal(s.Type, s.Weight, s.Threshold))],
            frozen.MinTotalEvents,
            frozen.TagFilter.Length > 0 ? frozen.TagFilter : null);
        var errors = template.Validate();
        if (errors.Count > 0)
        {
            throw new NeuronException(ErrorKind.InvalidArgument, $"the run's frozen template breaks the template rules: {string.Join("; ", errors)}");
        }

        return (template, frozen.Name.Length > 0 ? frozen.Name : frozen.TemplateId);
    }
}
