using NeuronEngine.LoadTests.Load;
using NeuronEngine.LoadTests.Reports;
using NeuronEngine.LoadTests.Tests.Fixtures;

namespace NeuronEngine.LoadTests.Tests.Load;

/// <summary>The machine probe on virtual time: a stalled machine shows up as late wake-ups, counted by how late.</summary>
public sealed class MachineProbeTests
{
    [Fact]
    public async Task Probe_MachineStallsOnce_LateWakeupsCountedAndTheStallIsTheMax()
    {
        var clock = new VirtualClock();
        var probe = MachineProbe.Create(1000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.1), clock);

        await Task.Run(() => probe.Run((request, intended) =>
        {
            if (request.Index == 400)
            {
                // The machine does not run the probe for 3.5 ms: wake-ups 401-403 come 2.5, 1.5 and 0.5 ms late.
                clock.Advance(TimeSpan.FromMilliseconds(3.5));
            }

            return MachineProbe.Nothing(request, intended);
        })).WaitAsync(TimeSpan.FromSeconds(30));

        var machine = ReportBuilder.Machine(probe.Stats, 1000);
        Assert.Equal(1000, machine.Wakeups);
        Assert.Equal((2, 1), (machine.Over1Ms, machine.Over2Ms));
        Assert.Equal(2.5, machine.MaxMs, 2);
        Assert.Equal(0, machine.P50Ms);
    }

    [Fact]
    public async Task Probe_MachineKeepsUp_NoWakeupIsLate()
    {
        var clock = new VirtualClock();
        var probe = MachineProbe.Create(500, TimeSpan.FromSeconds(1), TimeSpan.Zero, clock);

        await Task.Run(() => probe.Run(MachineProbe.Nothing)).WaitAsync(TimeSpan.FromSeconds(30));

        var machine = ReportBuilder.Machine(probe.Stats, 500);
        Assert.Equal(500, machine.Wakeups);
        Assert.Equal((0, 0, 0.0), (machine.Over1Ms, machine.Over2Ms, machine.MaxMs));
    }
}
