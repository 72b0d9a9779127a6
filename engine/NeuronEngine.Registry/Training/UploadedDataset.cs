namespace NeuronEngine.Registry.Training;

/// <summary>An uploaded JSON Lines dataset, checked line by line when it was uploaded.</summary>
/// <param name="DatasetId">Unique per tenant, <c>^[a-z0-9][a-z0-9_-]{0,63}$</c>.</param>
/// <param name="Description">Free text, possibly empty.</param>
/// <param name="Path">The file, relative to the engine's datasets directory.</param>
/// <param name="Events">Non-blank lines.</param>
/// <param name="Users">Distinct user ids.</param>
/// <param name="Items">Distinct item ids.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Sha256">SHA-256 of the file, lowercase hex.</param>
/// <param name="Created">When it was uploaded (UTC).</param>
public sealed record UploadedDataset(
    string DatasetId, string Description, string Path, long Events, long Users, long Items, long Bytes, string Sha256, DateTimeOffset Created);
