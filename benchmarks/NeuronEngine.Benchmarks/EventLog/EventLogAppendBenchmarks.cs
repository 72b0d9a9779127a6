using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.EventLog;

namespace NeuronEngine.Benchmarks.EventLog;

/// <summary>
/// Group-commit append throughput: concurrent appenders each sending 500-event batches through one writer, in a
/// temp directory. One operation is one event, so the ops/s column reads as events per second.
/// </summary>
[MemoryDiagnoser]
public class EventLogAppendBenchmarks
{
    private const int EventsPerBatch = 500;
    private const int BatchesPerInvoke = 256;
    private const int EventsPerInvoke = EventsPerBatch * BatchesPerInvoke;

    private EventBatch[] _batches = [];
    private string _directory = string.Empty;
    private EventLogWriter? _writer;

    [Params(1, 8, 32)]
    public int Appenders { get; set; }

    [Params("none", "always")]
    public string Durability { get; set; } = "none";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _batches = Enumerable.Range(0, BatchesPerInvoke).Select(b => new EventBatch(
            "acme",
            1_700_000_000_000_000 + b,
            Enumerable.Range(0, EventsPerBatch).Select(i => new TrackedEvent(
                $"evt-{b}-{i}",
                $"user-{(b * 7919 + i) % 10_000}",
                $"item-{i % 2_000}",
                i % 4 == 0 ? "purchase" : "click",
                (byte)(1 + (i % 5)),
                1_700_000_000_000_000 + i,
                i % 3 == 0 ? ["surface:home"] : [])).ToArray())).ToArray();
    }

    // A fresh log per iteration keeps the disk footprint bounded however many iterations run.
    [IterationSetup]
    public void IterationSetup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "neuron-bench-eventlog-" + Guid.NewGuid().ToString("N"));
        var options = new EventLogOptions { Directory = _directory, Durability = Durability };
        _writer = EventLogWriter.OpenAsync(options, NullLogger.Instance).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _writer = null;
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task Append()
    {
        var writer = _writer!;
        var perAppender = BatchesPerInvoke / Appenders;
        var tasks = new Task[Appenders];
        for (var a = 0; a < Appenders; a++)
        {
            var first = a * perAppender;
            tasks[a] = Task.Run(async () =>
            {
                for (var i = first; i < first + perAppender; i++)
                {
                    await writer.AppendAsync(_batches[i]);
                }
            });
        }

        return Task.WhenAll(tasks);
    }
}
