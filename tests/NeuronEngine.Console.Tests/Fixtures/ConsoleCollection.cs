namespace NeuronEngine.Console.Tests.Fixtures;

/// <summary>Every test class that uses the shared engine and browser: they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleEngine>
{
    public const string Name = "console";
}
