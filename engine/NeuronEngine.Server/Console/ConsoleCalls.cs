namespace NeuronEngine.Server.Console;

/// <summary>
/// The gRPC methods whose rules the console's actions follow. Each action asks <see cref="Security.CallPolicy"/> about
/// its method, so a role that may not make the call through the API may not make it through the console either.
/// </summary>
internal static class ConsoleCalls
{
    public const string ListEventTypes = "/neuron.v1.EventTypeService/ListEventTypes";
    public const string CreateEventType = "/neuron.v1.EventTypeService/CreateEventType";
    public const string UpdateEventType = "/neuron.v1.EventTypeService/UpdateEventType";
    public const string DeleteEventType = "/neuron.v1.EventTypeService/DeleteEventType";
    public const string GetEventStats = "/neuron.v1.EventService/GetEventStats";
    public const string ListTemplates = "/neuron.v1.TemplateService/ListTemplates";
    public const string GetTemplate = "/neuron.v1.TemplateService/GetTemplate";
    public const string CreateTemplate = "/neuron.v1.TemplateService/CreateTemplate";
    public const string UpdateTemplate = "/neuron.v1.TemplateService/UpdateTemplate";
    public const string PublishTemplate = "/neuron.v1.TemplateService/PublishTemplate";
    public const string DeleteTemplate = "/neuron.v1.TemplateService/DeleteTemplate";
    public const string StartRun = "/neuron.v1.TrainingService/StartRun";
    public const string GetRun = "/neuron.v1.TrainingService/GetRun";

    // Datasets and keys
    public const string UploadDataset = "/neuron.v1.TrainingService/UploadDataset";
    public const string ListDatasets = "/neuron.v1.TrainingService/ListDatasets";
    public const string DeleteDataset = "/neuron.v1.TrainingService/DeleteDataset";
    public const string CreateKey = "/neuron.v1.KeyService/CreateKey";
    public const string ListKeys = "/neuron.v1.KeyService/ListKeys";
    public const string RevokeKey = "/neuron.v1.KeyService/RevokeKey";

    /// <summary>Every method above (for the test that checks them against the policy table).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ListEventTypes, CreateEventType, UpdateEventType, DeleteEventType, GetEventStats, ListTemplates, GetTemplate,
        CreateTemplate, UpdateTemplate, PublishTemplate, DeleteTemplate, StartRun, GetRun,

        // Datasets and keys
        UploadDataset, ListDatasets, DeleteDataset, CreateKey, ListKeys, RevokeKey,
        .. TrainingAndModels,
    ];

    // Training and models (the Training Jobs, run and Models pages, and the production banner).
    public const string ListRuns = "/neuron.v1.TrainingService/ListRuns";
    public const string StopRun = "/neuron.v1.TrainingService/StopRun";
    public const string GetRunLogs = "/neuron.v1.TrainingService/GetRunLogs";
    public const string ListFamilies = "/neuron.v1.ModelService/ListFamilies";
    public const string ListVersions = "/neuron.v1.ModelService/ListVersions";
    public const string GetVersion = "/neuron.v1.ModelService/GetVersion";
    public const string UpdateVersion = "/neuron.v1.ModelService/UpdateVersion";
    public const string ApproveVersion = "/neuron.v1.ModelService/ApproveVersion";
    public const string Promote = "/neuron.v1.ModelService/Promote";
    public const string GetEndpoint = "/neuron.v1.ModelService/GetEndpoint";
    public const string ListPromotions = "/neuron.v1.ModelService/ListPromotions";

    private static IReadOnlyList<string> TrainingAndModels =>
    [
        ListRuns, StopRun, GetRunLogs, ListFamilies, ListVersions, GetVersion, UpdateVersion, ApproveVersion, Promote,
        GetEndpoint, ListPromotions,
    ];
}
