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
    public const string ListRuns = "/neuron.v1.TrainingService/ListRuns";
    public const string CreateKey = "/neuron.v1.KeyService/CreateKey";
    public const string ListKeys = "/neuron.v1.KeyService/ListKeys";
    public const string RevokeKey = "/neuron.v1.KeyService/RevokeKey";
    // End of datasets and keys

    /// <summary>Every method above (for the test that checks them against the policy table).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ListEventTypes, CreateEventType, UpdateEventType, DeleteEventType, GetEventStats, ListTemplates, GetTemplate,
        CreateTemplate, UpdateTemplate, PublishTemplate, DeleteTemplate, StartRun, GetRun,

        // Datasets and keys
        UploadDataset, ListDatasets, DeleteDataset, ListRuns, CreateKey, ListKeys, RevokeKey,
    ];
}
