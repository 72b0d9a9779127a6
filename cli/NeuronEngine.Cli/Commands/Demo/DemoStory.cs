using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>The ending of the demo: the user who got a new event, the one who did not, and the event.</summary>
internal sealed record DemoStory(DemoUserStory Changed, DemoUserStory Unchanged, Event NewEvent);
