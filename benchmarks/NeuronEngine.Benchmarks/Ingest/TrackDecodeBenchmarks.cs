using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Ingest;

namespace NeuronEngine.Benchmarks.Ingest;

/// <summary>The boundary of the Track path: parse a 500-event TrackRequest from the wire and validate it into a log batch.</summary>
[MemoryDiagnoser]
public class TrackDecodeBenchmarks
{
    private byte[] wire = [];
    private TrackRequest parsed = new();
    private TrackValidator validator = null!;
    private FrozenDictionary<string, byte> weights = null!;

    [Params(false, true)]
    public bool WithIdsAndTags { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        string[] types = ["view", "click", "purchase"];
        var request = new TrackRequest();
        for (var i = 0; i < 500; i++)
        {
            var e = new Event { UserId = "user-" + random.Next(100_000), ItemId = "item-" + random.Next(50_000), Type = types[random.Next(3)] };
            if (WithIdsAndTags)
            {
                e.EventId = Guid.NewGuid().ToString("N");
                e.Tags.Add("surface:home");
            }

            request.Events.Add(e);
        }

        wire = request.ToByteArray();
        parsed = TrackRequest.Parser.ParseFrom(wire);
        validator = new TrackValidator(Options.Create(new EngineOptions()), TimeProvider.System);
        weights = new Dictionary<string, byte> { ["view"] = 1, ["click"] = 5, ["purchase"] = 50 }.ToFrozenDictionary();
    }

    [Benchmark]
    public TrackRequest Parse() => TrackRequest.Parser.ParseFrom(wire);

    [Benchmark]
    public EventBatch Validate() => validator.Validate("bench", parsed, weights);

    [Benchmark(Baseline = true)]
    public EventBatch ParseAndValidate() => validator.Validate("bench", TrackRequest.Parser.ParseFrom(wire), weights);
}
