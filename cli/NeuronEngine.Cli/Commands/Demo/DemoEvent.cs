namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>One generated event: user and item indices into the <see cref="DemoWorld"/>, a <see cref="DemoSessions.Types"/> index, and when.</summary>
internal readonly record struct DemoEvent(int User, int Item, int Type, DateTimeOffset At);
