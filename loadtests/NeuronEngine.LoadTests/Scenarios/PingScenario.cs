using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// A health check: the floor of the gRPC stack (HTTP/2, routing, interceptors) with no engine work behind it.
/// Run beside every other scenario so each figure can be read as a ratio to it.
/// </summary>
internal sealed class PingScenario(ScenarioContext context) : LoadScenario(context)
{
    public override string Name => "ping";

    public override Task ExecuteAsync(ScheduledRequest request, long intended)
    {
        var client = Context.Connections.Next();
        var deadline = Context.Deadline();
        return MeasureAsync("ping", request, intended, () => client.IsServingAsync(deadline), serving => serving ? null : "NotServing");
    }
}
