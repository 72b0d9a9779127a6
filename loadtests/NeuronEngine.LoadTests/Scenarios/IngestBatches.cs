using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Cli;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// Pre-built TrackRequests of Zipf users and items, made before the clock starts so the generator's CPU (it
/// shares the machine with the engine) is spent sending, not building.
/// </summary>
internal static class IngestBatches
{
    public static TrackRequest[] Build(LoadOptions options, int count)
    {
        var random = new Random(options.Seed);
        var requests = new TrackRequest[count];
        for (var r = 0; r < requests.Length; r++)
        {
            var request = new TrackRequest();
            for (var e = 0; e < options.Batch; e++)
            {
                request.Events.Add(new Event
                {
                    UserId = Zipf.User(Zipf.Next(random, options.Users)),
                    ItemId = Zipf.Item(Zipf.Next(random, options.Items)),
                    Type = EventTypes.Mix[random.Next(EventTypes.Mix.Count)],
                });
            }

            requests[r] = request;
        }

        return requests;
    }
}
