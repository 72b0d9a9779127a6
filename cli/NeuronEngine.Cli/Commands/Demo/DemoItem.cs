namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>One product of the demo shop.</summary>
internal sealed record DemoItem(string Id, string Title, int Category, string CategoryName);
