using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Engine;
using NeuronEngine.LoadTests.Live;
using NeuronEngine.LoadTests.Load;
using NeuronEngine.LoadTests.Recording;
using NeuronEngine.LoadTests.Reports;
using NeuronEngine.LoadTests.Scenarios;

namespace NeuronEngine.LoadTests;

/// <summary>
/// One load run: prepares the scenario, starts its timing loop, (unless the scenario is ping) a companion ping
/// loop and the machine probe from one shared start, shows progress, then writes report.json, report.md and plot.png.
/// </summary>
internal sealed class LoadRun(LoadOptions options, TextWriter output, ILoadClock? clock = null)
{
    private readonly ILoadClock clock = clock ?? SystemLoadClock.Instance;

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var outDir = Path.GetFullPath(options.Out ?? Path.Combine("loadtest-results", $"{options.Scenario}-{started:yyyyMMdd-HHmmss}"));
        using var connections = new EngineConnections(options.Targets, options.Tenant, options.Connections, options.ApiKey);
        var recorder = new LatencyRecorder(clock.Frequency);
        var context = new ScenarioContext(options, connections, recorder, clock, output);
        await connections.ConnectAsync(cancellationToken);

        var rssStart = EngineMemory.ResidentBytes(options.EnginePid);
        var measured = options.Steps.Count > 0 ? options.StepDuration * options.Steps.Count : options.Duration;
        var start = clock.GetTimestamp() + (clock.Frequency / 10);
        recorder.MeasureStart = start + Ticks(options.Warmup);
        context.MeasureEnd = recorder.MeasureStart + Ticks(measured);

        var generators = new List<(string, GeneratorStats)>();
        var loops = new List<Task>();
        var scenario = options.ClosedLoop ? null : Create(options.Scenario, context);
        IngestThroughput? throughput = null;
        if (scenario is not null)
        {
            await scenario.PrepareAsync(cancellationToken);
            var main = new OpenLoopRunner(options.Profile(), clock, options.MaxInFlight, options.Timeout);
            generators.Add(("main", main.Stats));
            loops.Add(main.RunOnThreadAsync(scenario.ExecuteAsync, (_, intended) => Abandon(recorder, scenario.Name, intended), start, cancellationToken));
        }
        else
        {
            throughput = new IngestThroughput(context);
            loops.Add(throughput.RunAsync(cancellationToken));
        }

        if (options.Scenario != "ping" && options.PingRate > 0)
        {
            var ping = new PingScenario(context);
            var pinger = new OpenLoopRunner(LoadProfile.Constant(options.PingRate, measured, options.Warmup), clock, Math.Min(options.MaxInFlight, 1000), options.Timeout);
            generators.Add(("ping", pinger.Stats));
            loops.Add(pinger.RunOnThreadAsync(ping.ExecuteAsync, (_, intended) => Abandon(recorder, "ping", intended), start, cancellationToken));
        }

        OpenLoopRunner? probe = null;
        if (options.ProbeRate > 0)
        {
            probe = MachineProbe.Create(options.ProbeRate, measured, options.Warmup, clock);
            loops.Add(probe.RunOnThreadAsync(MachineProbe.Nothing, startTimestamp: start, cancellationToken: cancellationToken));
        }

        // Background work (promotions) stops by itself before the measured time ends, so a promotion is never
        // cut off half-way and every one is in the report; only Ctrl+C cancels it.
        var backgroundWork = scenario is null ? Task.CompletedTask : RunBackgroundAsync(scenario, context, cancellationToken);
        var all = Task.WhenAll(loops);
        await new LiveView(options, context, generators).RunUntilAsync(all, cancellationToken);
        await all;
        await backgroundWork;
        if (scenario is IngestScenario ingest)
        {
            await ingest.CloseAsync();
        }

        var rssEnd = EngineMemory.ResidentBytes(options.EnginePid);
        var promotions = (scenario as HotswapScenario)?.Promotions ?? [];
        var counters = Counters(scenario?.Counters() ?? new Dictionary<string, long> { ["events"] = throughput!.Events }, measured.TotalSeconds);
        var report = ReportBuilder.Build(options, started, measured.TotalSeconds, recorder, generators, counters, promotions, Memory(rssStart, rssEnd, promotions)) with
        {
            Machine = probe is null ? null : ReportBuilder.Machine(probe.Stats, options.ProbeRate),
            Files = new ReportFiles(outDir, Path.Combine(outDir, "report.json"), Path.Combine(outDir, "report.md"), Path.Combine(outDir, "plot.png")),
        };
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(report.Files.Json, ReportJson.Serialize(report), cancellationToken);
        await File.WriteAllTextAsync(report.Files.Markdown, MarkdownReport.Render(report), cancellationToken);
        PlotWriter.Write(report, report.Files.Plot);
        await output.WriteLineAsync(Summary.Of(report));
        return report;
    }

    private static LoadScenario Create(string name, ScenarioContext context) => name switch
    {
        "ping" => new PingScenario(context),
        "recommend" => new RecommendScenario(context),
        "ingest" => new IngestScenario(context),
        "mixed" => new MixedScenario(context),
        "hotswap" => new HotswapScenario(context),
        _ => throw new ArgumentException($"unknown scenario {name}", nameof(name)),
    };

    private void Abandon(LatencyRecorder recorder, string series, long intended)
    {
        // Counted as an error, never silently omitted.
        var now = clock.GetTimestamp();
        recorder.Record(series, null, intended, now, now, "NotSent");
    }

    private static async Task RunBackgroundAsync(LoadScenario scenario, ScenarioContext context, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds((double)(context.Recorder.MeasureStart - context.Clock.GetTimestamp()) / context.Clock.Frequency);
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await scenario.RunBackgroundAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static Dictionary<string, double> Counters(IReadOnlyDictionary<string, long> counters, double seconds)
    {
        var result = counters.ToDictionary(c => c.Key, c => (double)c.Value, StringComparer.Ordinal);
        if (counters.TryGetValue("events", out var events))
        {
            result["eventsPerSecond"] = Math.Round(events / seconds, 1);
        }

        return result;
    }

    private EngineMemoryReport? Memory(long? start, long? end, IReadOnlyList<PromotionRecord> promotions)
    {
        if (options.EnginePid is not { } pid)
        {
            return null;
        }

        var first = (promotions.Count > 0 ? promotions[0].EngineRssBytes : null);
        var last = (promotions.Count > 0 ? promotions[^1].EngineRssBytes : null);
        double? growth = first is > 0 && last is not null ? Math.Round((last.Value - first.Value) * 100.0 / first.Value, 2) : null;
        return new EngineMemoryReport(pid, start, end, first, last, growth);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.Frequency);
}
