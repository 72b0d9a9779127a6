namespace NeuronEngine.Trainer.Runs;

/// <summary>Where a run reports while it works; the worker forwards it to the engine. Calls must be cheap.</summary>
internal interface IRunReporter
{
    /// <summary>A line for the run's log (GetRunLogs).</summary>
    void Log(string line);

    /// <summary>Where the run is: phase (reading, training, evaluating, exporting, verifying), epoch (1-based), step.</summary>
    void Progress(string phase, int epoch, long step, long stepsPerEpoch);

    /// <summary>One finished epoch: mean training loss and eval metrics (<c>ndcg@10</c>, <c>recall@20</c>, <c>hr@10</c>, …).</summary>
    void Epoch(int epoch, double loss, IReadOnlyDictionary<string, double> metrics);
}
