namespace NeuronEngine.IntegrationTests.Training;

/// <summary>
/// The training test classes share one engine and run one after another: a lease takes the oldest queued run of any
/// tenant, so classes running at once would lease each other's runs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TrainingCollection : ICollectionFixture<TrainingFixture>
{
    public const string Name = "training";
}
