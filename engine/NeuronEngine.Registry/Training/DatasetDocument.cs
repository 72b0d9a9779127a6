namespace NeuronEngine.Registry.Training;

/// <summary>An uploaded dataset, under <c>{p}:datasets:&lt;tenant&gt;</c>: the columns of SQLite's <c>datasets</c> row.</summary>
internal sealed record DatasetDocument
{
    public required string DatasetId { get; init; }

    public required string Description { get; init; }

    public required string Path { get; init; }

    public required long Events { get; init; }

    public required long Users { get; init; }

    public required long Items { get; init; }

    public required long Bytes { get; init; }

    public required string Sha256 { get; init; }

    public required long Created { get; init; }

    public UploadedDataset ToDataset() =>
        new(DatasetId, Description, Path, Events, Users, Items, Bytes, Sha256, RunDocument.Time(Created));
}
