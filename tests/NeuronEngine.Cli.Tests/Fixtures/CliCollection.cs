namespace NeuronEngine.Cli.Tests.Fixtures;

/// <summary>The CLI tests share one engine process (<see cref="CliEngine"/>).</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliEngine>
{
    public const string Name = "cli engine";
}
