using Grpc.Core;
using NeuronEngine.Client;
using NeuronEngine.Contracts.V1;
using NeuronEngine.LoadTests.Engine;
using NeuronEngine.LoadTests.Load;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// Recommend at the scheduled rate while promoting the family's two newest approved versions alternately every
/// <c>--swap-interval</c>. Requests whose lifetime overlaps a promotion (from its start until <c>--swap-window</c>
/// after it returned) are phase <c>swap</c>, the rest <c>steady</c>, so the report shows what a swap costs.
/// </summary>
internal sealed class HotswapScenario(ScenarioContext context) : RecommendScenario(context)
{
    private readonly List<(long Start, long End)> windows = [];
    private readonly List<PromotionRecord> promotions = [];
    private int[] versions = [];
    private int serving;

    public override string Name => "hotswap";

    public IReadOnlyList<PromotionRecord> Promotions
    {
        get
        {
            lock (windows)
            {
                return [.. promotions];
            }
        }
    }

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await base.PrepareAsync(cancellationToken);
        var models = Context.Connections.Control.Sdk.Models;
        var list = await models.ListVersionsAsync(Context.Options.Family, Context.Options.Timeout, cancellationToken);
        versions = [.. list.Where(v => v.Status == VersionStatus.Approved).Select(v => v.Version).OrderByDescending(v => v).Take(2)];
        if (versions.Length < 2)
        {
            throw new InvalidOperationException($"family {Context.Options.Family} has {versions.Length} approved versions; hotswap needs two (run setup)");
        }

        var endpoint = await models.GetEndpointAsync(deadline: Context.Options.Timeout, ct: cancellationToken);
        serving = endpoint.Version;
    }

    public override Task ExecuteAsync(ScheduledRequest request, long intended) => RecommendAsync("recommend", request, intended, NextUser());

    public override string? PhaseOf(long intended, long completed)
    {
        lock (windows)
        {
            foreach (var (start, end) in windows)
            {
                if (intended <= end && completed >= start)
                {
                    return "swap";
                }
            }
        }

        return "steady";
    }

    public override async Task RunBackgroundAsync(CancellationToken cancellationToken)
    {
        var clock = Context.Clock;
        var interval = (long)(Context.Options.SwapInterval.TotalSeconds * clock.Frequency);
        var window = (long)(Context.Options.SwapWindow.TotalSeconds * clock.Frequency);
        var next = Context.Recorder.MeasureStart + interval;
        while (!cancellationToken.IsCancellationRequested && next + clock.Frequency < Context.MeasureEnd)
        {
            var wait = TimeSpan.FromSeconds((double)(next - clock.GetTimestamp()) / clock.Frequency);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var target = serving == versions[0] ? versions[1] : versions[0];
            var start = clock.GetTimestamp();
            lock (windows)
            {
                windows.Add((start, long.MaxValue));
            }

            string? error = null;
            try
            {
                await Context.Connections.Control.Sdk.Models.PromoteAsync(Context.Options.Family, target, deadline: TimeSpan.FromMinutes(2), ct: cancellationToken);
            }
            catch (NeuronClientException ex) when (ex.StatusCode != StatusCode.Cancelled)
            {
                error = $"{ex.StatusCode}: {ex.Detail}";
            }

            var end = clock.GetTimestamp();
            var rss = EngineMemory.ResidentBytes(Context.Options.EnginePid);
            lock (windows)
            {
                windows[^1] = (start, end + window);
                promotions.Add(new PromotionRecord(promotions.Count + 1, Context.Recorder.SecondsSinceStart(start), (end - start) * 1000.0 / clock.Frequency, serving, target, error is null, error, rss));
            }

            serving = error is null ? target : serving;
            next += interval;
        }
    }
}
