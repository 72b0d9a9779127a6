using NeuronEngine.Core;
using NeuronEngine.Engine.Backup;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Backup;

public sealed class BackupGateTests
{
    private readonly ManualTimeProvider clock = new();

    [Fact]
    public void Enter_WhileABackupRuns_ResourceExhaustedAtOnce()
    {
        var gate = new BackupGate(TimeSpan.Zero, clock);
        using var running = gate.Enter();

        var ex = Assert.Throws<NeuronException>(() => gate.Enter());

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Contains("one at a time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enter_SoonerThanBackupMinInterval_ResourceExhaustedNamingItAndWhenToRetry()
    {
        var gate = new BackupGate(TimeSpan.FromMinutes(5), clock);
        gate.Enter().Dispose();
        clock.Advance(TimeSpan.FromMinutes(4));

        var ex = Assert.Throws<NeuronException>(() => gate.Enter());

        Assert.Equal(ErrorKind.ResourceExhausted, ex.Kind);
        Assert.Contains("Limits:BackupMinInterval (00:05:00)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("retry after 2026-11-01T12:05:00Z", ex.Message, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(1));
        gate.Enter().Dispose();
    }

    [Fact]
    public void Enter_RefusedCall_DoesNotMoveTheInterval()
    {
        var gate = new BackupGate(TimeSpan.FromMinutes(5), clock);
        gate.Enter().Dispose();
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Throws<NeuronException>(() => gate.Enter());
        clock.Advance(TimeSpan.FromMinutes(2));

        gate.Enter().Dispose();
    }

    [Fact]
    public void Enter_ZeroInterval_OneAfterAnotherAtTheSameInstant()
    {
        var gate = new BackupGate(TimeSpan.Zero, clock);
        gate.Enter().Dispose();
        gate.Enter().Dispose();
    }
}
