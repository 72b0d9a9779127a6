using NeuronEngine.LoadTests.Cli;
using NeuronEngine.LoadTests.Engine;
using NeuronEngine.LoadTests.Load;
using NeuronEngine.LoadTests.Recording;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>What a scenario runs against and records into.</summary>
internal sealed class ScenarioContext(LoadOptions options, EngineConnections connections, LatencyRecorder recorder, ILoadClock clock, TextWriter output)
{
    public LoadOptions Options => options;

    public EngineConnections Connections => connections;

    public LatencyRecorder Recorder => recorder;

    public ILoadClock Clock => clock;

    public TextWriter Output => output;

    /// <summary>The end of the measured time (timestamp), once the run started.</summary>
    public long MeasureEnd { get; set; } = long.MaxValue;

    public DateTime Deadline() => DateTime.UtcNow + options.Timeout;
}
