using NeuronEngine.LoadTests.Load;
using NeuronEngine.LoadTests.Tests.Fixtures;

namespace NeuronEngine.LoadTests.Tests.Load;

/// <summary>The timing loop on virtual time: what it sends when, and how it accounts for falling behind.</summary>
public sealed class OpenLoopRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_ServerKeepsUp_EveryArrivalStartsAtItsIntendedTime()
    {
        var clock = new VirtualClock();
        var runner = new OpenLoopRunner(LoadProfile.Constant(100, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.2)), clock, 10, TimeSpan.FromSeconds(1));
        var starts = new List<(long Index, long Intended, long Now)>();

        await Task.Run(() => runner.Run((r, intended) =>
        {
            starts.Add((r.Index, intended, clock.GetTimestamp()));
            return Task.CompletedTask;
        })).WaitAsync(Timeout);

        Assert.Equal(120, starts.Count);
        Assert.All(starts, s => Assert.Equal(s.Intended, s.Now));
        Assert.Equal(10_000 * 37, starts[37].Intended);
        Assert.Equal(100, runner.Stats.Intended);
        Assert.Equal(100, runner.Stats.Sent);
        Assert.Equal(0, runner.Stats.LateStarts);
        Assert.Equal(0, runner.Stats.MaxStartLagMs);
        Assert.False(runner.Stats.FellBehind);
        Assert.Equal(200_000, runner.MeasureStartTimestamp);
    }

    [Fact]
    public async Task Run_LaunchStalls_LaterArrivalsKeepTheirIntendedTimeAndCountAsLate()
    {
        var clock = new VirtualClock();
        var runner = new OpenLoopRunner(LoadProfile.Constant(10, TimeSpan.FromSeconds(1), TimeSpan.Zero), clock, 10, TimeSpan.FromSeconds(1));
        var intendedTimes = new List<long>();

        await Task.Run(() => runner.Run((r, intended) =>
        {
            intendedTimes.Add(intended);
            if (r.Index == 2)
            {
                // The generator itself is held up for 250 ms (a GC pause, a starved CPU).
                clock.Advance(TimeSpan.FromMilliseconds(250));
            }

            return Task.CompletedTask;
        })).WaitAsync(Timeout);

        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => i * 100_000L)], intendedTimes);
        Assert.Equal(10, runner.Stats.Sent);
        Assert.Equal(2, runner.Stats.LateStarts); // arrivals 3 (150 ms late) and 4 (50 ms late)
        Assert.Equal(150, runner.Stats.MaxStartLagMs, 3);
        Assert.Equal(0, runner.Stats.LimitHits);
        Assert.True(runner.Stats.FellBehind);
        Assert.Contains("late starts 2", runner.Stats.Verdict(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InFlightLimitHit_WaitsForASlotAndReportsTheLimitHit()
    {
        var clock = new VirtualClock();
        var runner = new OpenLoopRunner(LoadProfile.Constant(10, TimeSpan.FromSeconds(1), TimeSpan.Zero), clock, 1, TimeSpan.FromSeconds(5));
        var sentAt = new List<long>();

        await Task.Run(() => runner.Run((r, intended) =>
        {
            sentAt.Add(clock.GetTimestamp());
            if (r.Index != 0)
            {
                return Task.CompletedTask;
            }

            // The first answer arrives 250 ms after the second arrival was due; the loop must wait for its slot.
            return Task.Run(async () =>
            {
                while (clock.GetTimestamp() < 100_000)
                {
                    await Task.Delay(5);
                }

                clock.Advance(TimeSpan.FromMilliseconds(250));
            });
        })).WaitAsync(Timeout);

        Assert.Equal(10, runner.Stats.Sent);
        Assert.Equal(1, runner.Stats.LimitHits);
        Assert.Equal(350_000, sentAt[1]);
        Assert.Equal(250, runner.Stats.MaxStartLagMs, 3);
        Assert.Equal(3, runner.Stats.LateStarts); // arrivals 1, 2 and 3 (250, 150 and 50 ms late)
        Assert.True(runner.Stats.FellBehind);
    }

    [Fact]
    public async Task Run_SlotNeverFrees_ArrivalsPastTheDrainDeadlineAreReportedNotSent()
    {
        var clock = new VirtualClock();
        var runner = new OpenLoopRunner(LoadProfile.Constant(10, TimeSpan.FromSeconds(0.3), TimeSpan.Zero), clock, 1, TimeSpan.FromSeconds(0.2));
        var stuck = new TaskCompletionSource();
        var abandoned = new List<long>();

        await Task.Run(() => runner.Run((_, _) => stuck.Task, (r, _) => abandoned.Add(r.Index))).WaitAsync(Timeout);
        stuck.SetResult();

        Assert.Equal(3, runner.Stats.Intended);
        Assert.Equal(1, runner.Stats.Sent);
        Assert.Equal(2, runner.Stats.NotSent);
        Assert.Equal([1L, 2L], abandoned);
        Assert.True(runner.Stats.FellBehind);
        Assert.Contains("not sent 2", runner.Stats.Verdict(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WarmupArrivals_AreSentButNotCounted()
    {
        var clock = new VirtualClock();
        var runner = new OpenLoopRunner(LoadProfile.Constant(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), clock, 1, TimeSpan.FromSeconds(1));
        var launched = 0;

        await Task.Run(() => runner.Run((_, _) =>
        {
            launched++;
            return Task.CompletedTask;
        })).WaitAsync(Timeout);

        Assert.Equal(20, launched);
        Assert.Equal(10, runner.Stats.Intended);
    }
}
