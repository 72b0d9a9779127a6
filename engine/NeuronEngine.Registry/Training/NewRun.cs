namespace NeuronEngine.Registry.Training;

/// <summary>A run to queue, with every default already applied (see <see cref="RunRules"/>).</summary>
/// <param name="TemplateId">The Published template it trains on.</param>
/// <param name="TemplateName">The template's name; the version's default name is <c>&lt;name&gt;-&lt;run id&gt;</c>.</param>
/// <param name="FrozenTemplate">The Published template as the run trains on it, in the engine's stored form (JSON), which the store keeps as given.</param>
/// <param name="Recipe"><c>pooled-history</c>, <c>popularity</c> or <c>ease</c>.</param>
/// <param name="Epochs">1–50.</param>
/// <param name="BatchSize">64, 128, 256 or 512.</param>
/// <param name="LearningRate">Finite and above 0.</param>
/// <param name="Seed">The seed the trainer uses.</param>
/// <param name="Rubric">The quality criteria.</param>
/// <param name="Family">The model family the version is registered in (the run's tenant owns it).</param>
/// <param name="Actor">Who started it.</param>
/// <param name="TrainDatasetId">An uploaded train set, or null to read the event log; set exactly when <paramref name="EvalDatasetId"/> is.</param>
/// <param name="EvalDatasetId">An uploaded eval set, or null.</param>
/// <param name="LogPosition">The data window's end: the event log's end position when the run was started.</param>
/// <param name="StreamPosition">
/// Cluster mode: the data window's end as the id of the last entry of the tenant's event stream in Redis when the run
/// was started (<c>1733440000000-5</c>), or null. Kept by <see cref="RedisRunStore"/> only; <see cref="RunStore"/>
/// (single-node mode, which has no event streams) does not store it and reads it back as null.
/// </param>
public sealed record NewRun(
    string TemplateId,
    string TemplateName,
    string FrozenTemplate,
    string Recipe,
    int Epochs,
    int BatchSize,
    double LearningRate,
    long Seed,
    RunRubric Rubric,
    string Family,
    string Actor,
    string? TrainDatasetId,
    string? EvalDatasetId,
    long LogPosition,
    string? StreamPosition = null);
