namespace NeuronEngine.IntegrationTests.Recovery;

/// <summary>Tests that start engine processes run one at a time: two cores are not enough for several engines and their clients at once.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessTests
{
    public const string Name = "engine processes";
}
