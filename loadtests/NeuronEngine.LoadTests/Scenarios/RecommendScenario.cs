using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>Recommend for Zipf-distributed users, <c>count</c> items, with the optional attribute filter.</summary>
internal class RecommendScenario(ScenarioContext context) : LoadScenario(context)
{
    private readonly Random random = new(context.Options.Seed);

    public override string Name => "recommend";

    /// <summary>Fails fast when nothing is served: every measured call would return an empty list.</summary>
    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var endpoint = await Context.Connections.Control.Sdk.Models.GetEndpointAsync(deadline: Context.Options.Timeout, ct: cancellationToken);
        if (endpoint.Status == EndpointStatus.None || endpoint.Version == 0)
        {
            throw new InvalidOperationException($"tenant {Context.Options.Tenant} serves no model: run setup first");
        }
    }

    public override Task ExecuteAsync(ScheduledRequest request, long intended) => RecommendAsync("recommend", request, intended, NextUser());

    protected Random Random => random;

    protected int NextUser() => Zipf.Next(random, Context.Options.Users);

    protected Task<RecommendResponse?> RecommendAsync(string series, ScheduledRequest request, long intended, int user, Func<RecommendResponse, string?>? check = null)
    {
        var message = new RecommendRequest { UserId = Zipf.User(user), Count = Context.Options.Count };
        foreach (var (key, value) in Context.Options.Filter)
        {
            message.Filter[key] = value;
        }

        var client = Context.Connections.Next().Sdk.Recommendations;
        var timeout = Context.Options.Timeout;
        return MeasureAsync(series, request, intended, () => client.RecommendAsync(message, timeout), check);
    }
}
