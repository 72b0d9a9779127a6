using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Telemetry;

public sealed class CheckpointMetricsTests : IDisposable
{
    private readonly MeasurementRecorder recorder = new();
    private readonly ManualTimeProvider time = new();
    private readonly CheckpointMetrics metrics;

    public CheckpointMetricsTests() => metrics = new CheckpointMetrics(recorder.Meters, time);

    [Fact]
    public void Age_NoCheckpointYet_SecondsSinceStart()
    {
        time.Advance(TimeSpan.FromSeconds(12));

        recorder.Observe();

        Assert.Equal(12, Assert.Single(recorder.Of("neuron.checkpoint.age")).Value, 6);
    }

    [Fact]
    public void Age_AfterACheckpoint_SecondsSinceItWasCreated()
    {
        time.Advance(TimeSpan.FromSeconds(100));
        metrics.Taken(time.GetUtcNow().AddSeconds(-2), TimeSpan.FromMilliseconds(250));
        time.Advance(TimeSpan.FromSeconds(5));

        recorder.Observe();

        Assert.Equal(7, Assert.Single(recorder.Of("neuron.checkpoint.age")).Value, 6);
        Assert.Equal(0.25, Assert.Single(recorder.Of("neuron.checkpoint.duration")).Value, 6);
    }

    public void Dispose() => recorder.Dispose();
}
