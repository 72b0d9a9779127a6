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

    private EventBatch[] batches = [];
    private string directory = string.Empty;
    private EventLogWriter? writer;

    [Params(1, 8, 32)]
    public int Appenders { get; set; }

    [Params("none", "always")]
    public string Durability { get; set; } = "none";

    [GlobalSetup]
    public void GlobalSetup()
    {
        batches = Enumerable.Range(0, BatchesPerInvoke).Select(b => new EventBatch(
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
        directory = Path.Combine(Path.GetTempPath(), "neuron-bench-eventlog-" + Guid.NewGuid().ToString("N"));
        var options = new EventLogOptions { Directory = directory, Durability = Durability };
        writer = EventLogWriter.OpenAsync(options, NullLogger.Instance).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        writer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        writer = null;
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public Task Append()
    {
        var writer = this.writer!;
        var perAppender = BatchesPerInvoke / Appenders;
        var tasks = new Task[Appenders];
        for (var a = 0; a < Appenders; a++)
        {
            var first = a * perAppender;
            tasks[a] = Task.Run(async () =>
            {
                for (var i = first; i < first + perAppender; i++)
                {
                    await writer.AppendAsync(batches[i]);
                }
            });
        }

        return Task.WhenAll(tasks);
    }
}
