using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// Open-loop ingest: each arrival is one TrackRequest of <c>--batch</c> Zipf events sent on one of
/// <c>--streams</c> TrackStream calls (round-robin); latency runs from the intended send to the acknowledgement,
/// which the engine gives once the events are durable. Counts acknowledged events.
/// </summary>
internal sealed class IngestScenario(ScenarioContext context) : LoadScenario(context)
{
    private StreamLane[] lanes = [];
    private TrackRequest[] requests = [];

    public override string Name => "ingest";

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await EventTypes.EnsureAsync(Context.Connections.Control, cancellationToken);
        requests = IngestBatches.Build(Context.Options, Math.Max(64, Context.Options.Streams * 4));
        lanes = [.. Enumerable.Range(0, Context.Options.Streams).Select(s => new StreamLane(Context.Connections[s].Events))];
    }

    public override Task ExecuteAsync(ScheduledRequest request, long intended)
    {
        var batch = requests[request.Index % requests.Length];
        var lane = lanes[request.Index % lanes.Length];
        return SendAsync(request, intended, batch, lane);
    }

    public async ValueTask CloseAsync()
    {
        foreach (var lane in lanes)
        {
            await lane.DisposeAsync();
        }
    }

    private async Task SendAsync(ScheduledRequest request, long intended, TrackRequest batch, StreamLane lane)
    {
        var response = await MeasureAsync("ingest", request, intended, () => lane.SendAsync(batch)).ConfigureAwait(false);
        if (response is not null && request.Measured && intended >= Context.Recorder.MeasureStart)
        {
            Count("events", response.Accepted + response.Duplicates);
        }
    }
}
