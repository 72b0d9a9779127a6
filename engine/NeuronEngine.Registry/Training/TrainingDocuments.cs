using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Training;

/// <summary>Encodes and decodes the training documents; one that does not decode was damaged outside the engine (DataLoss).</summary>
internal static class TrainingDocuments
{
    public static RedisValue Encode(RunDocument run) => JsonSerializer.Serialize(run, TrainingJsonContext.Default.RunDocument);

    public static RedisValue Encode(EpochDocument epoch) => JsonSerializer.Serialize(epoch, TrainingJsonContext.Default.EpochDocument);

    public static RedisValue Encode(DatasetDocument dataset) => JsonSerializer.Serialize(dataset, TrainingJsonContext.Default.DatasetDocument);

    /// <summary>The run stored as <paramref name="json"/>, or null when there is none.</summary>
    public static RunDocument? DecodeRun(RedisValue json, string runId) =>
        Decode(json, TrainingJsonContext.Default.RunDocument, $"run {runId} is unreadable");

    public static EpochDocument DecodeEpoch(RedisValue json, string runId) =>
        Decode(json, TrainingJsonContext.Default.EpochDocument, $"run {runId} has an unreadable epoch")
        ?? throw NeuronException.DataLoss($"run {runId} has an empty epoch in Redis");

    public static DatasetDocument? DecodeDataset(RedisValue json, string tenant, string datasetId) =>
        Decode(json, TrainingJsonContext.Default.DatasetDocument, $"dataset \"{datasetId}\" of tenant {tenant} is unreadable");

    private static T? Decode<T>(RedisValue json, JsonTypeInfo<T> type, string what)
        where T : class
    {
        if (json.IsNull)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((byte[])json!, type);
        }
        catch (JsonException ex)
        {
            throw NeuronException.DataLoss($"{what} in Redis", ex);
        }
    }
}
