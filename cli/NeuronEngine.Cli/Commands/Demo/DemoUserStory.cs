using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Demo;

/// <summary>One demo user's recommendations before and after the new event.</summary>
internal sealed record DemoUserStory(string UserId, string Taste, RecommendResponse Before, RecommendResponse After);
