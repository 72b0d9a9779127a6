using NeuronEngine.Registry.Training;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Testing;

namespace NeuronEngine.Engine.Tests.Telemetry;

public sealed class TrainingMetricsTests : IDisposable
{
    private readonly MeasurementRecorder recorder = new();
    private readonly ManualTimeProvider time = new();
    private readonly TrainingMetrics metrics;

    public TrainingMetricsTests() => metrics = new TrainingMetrics(recorder.Meters, new TenantLabels(10), time);

    [Fact]
    public void EpochReported_AfterLease_TimeSinceLeaseThenSinceThePreviousReport()
    {
        metrics.Leased("r1");
        time.Advance(TimeSpan.FromSeconds(40));
        metrics.EpochReported("r1");
        time.Advance(TimeSpan.FromSeconds(25));
        metrics.EpochReported("r1");

        Assert.Equal([40.0, 25.0], recorder.Of("neuron.training.epoch.duration").Select(m => m.Value));
    }

    [Fact]
    public void EpochReported_RunLeasedBeforeARestart_FirstReportOnlyStartsTheClock()
    {
        metrics.EpochReported("r1");
        time.Advance(TimeSpan.FromSeconds(10));
        metrics.EpochReported("r1");

        Assert.Equal([10.0], recorder.Of("neuron.training.epoch.duration").Select(m => m.Value));
    }

    [Fact]
    public void Finished_Status_CountedByTenantAndLowerCaseStatus()
    {
        metrics.Finished("t", "r1", RunStatus.EarlyStopped);

        var count = Assert.Single(recorder.Of("neuron.training.runs"));
        Assert.Equal(("t", "early_stopped"), ((string?)count.Tags["tenant"], (string?)count.Tags["status"]));
    }

    public void Dispose() => recorder.Dispose();
}
