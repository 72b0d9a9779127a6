using System.Collections.Concurrent;
using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Tests.Runs;

/// <summary>Records what a run reports; optionally acts on a progress report (to cancel mid-run).</summary>
internal sealed class RecordingReporter(Action<string, int, long>? onProgress = null) : IRunReporter
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<(string Phase, int Epoch, long Step)> Progresses { get; } = new();

    public ConcurrentQueue<(int Epoch, double Loss, IReadOnlyDictionary<string, double> Metrics)> Epochs { get; } = new();

    public void Log(string line) => Lines.Enqueue(line);

    public void Progress(string phase, int epoch, long step, long stepsPerEpoch)
    {
        Progresses.Enqueue((phase, epoch, step));
        onProgress?.Invoke(phase, epoch, step);
    }

    public void Epoch(int epoch, double loss, IReadOnlyDictionary<string, double> metrics) => Epochs.Enqueue((epoch, loss, metrics));
}
