using System.Diagnostics;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Measurement;

/// <summary>A run reporter that adds up wall time per phase (the time from one phase's first report to the next phase's).</summary>
internal sealed class PhaseTimer(TextWriter output) : IRunReporter
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private string? phase;
    private TimeSpan since;

    /// <summary>Wall time per phase, in first-seen order.</summary>
    public Dictionary<string, TimeSpan> Phases { get; } = new(StringComparer.Ordinal);

    public void Log(string line) => output.WriteLine($"  {line}");

    public void Progress(string phase, int epoch, long step, long stepsPerEpoch)
    {
        if (!string.Equals(phase, this.phase, StringComparison.Ordinal))
        {
            Stop();
            this.phase = phase;
        }
    }

    public void Epoch(int epoch, double loss, IReadOnlyDictionary<string, double> metrics) =>
        output.WriteLine(FormattableString.Invariant($"  epoch {epoch}: loss {loss:F4}, {string.Join(", ", metrics.Select(m => FormattableString.Invariant($"{m.Key} {m.Value:F4}")))}"));

    /// <summary>Closes the current phase.</summary>
    public void Stop()
    {
        var now = clock.Elapsed;
        if (phase is not null)
        {
            Phases[phase] = Phases.GetValueOrDefault(phase) + (now - since);
        }

        phase = null;
        since = now;
    }
}
