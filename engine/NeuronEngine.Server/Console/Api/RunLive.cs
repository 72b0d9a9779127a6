namespace NeuronEngine.Server.Console.Api;

/// <summary>A run as the run page follows it: <c>GetRun</c>'s record and <c>GetRunLogs</c>'s tail, in the page's words.</summary>
/// <param name="Status">The status as the page shows it (<c>Running</c>, <c>Early stopped</c>).</param>
/// <param name="Finished">True once the run can change no more (the script stops polling).</param>
/// <param name="Progress">Phase, epoch and step.</param>
/// <param name="Duration">How long it has run.</param>
/// <param name="BestMetric">The primary metric's best value so far, formatted, or "—".</param>
/// <param name="PrimaryMetric">The rubric's primary metric.</param>
/// <param name="Epochs">Finished epochs in order.</param>
/// <param name="Baselines">Per metric, each baseline's value (once the trainer reported them).</param>
/// <param name="EarlyStop">The early-stop decision in words.</param>
/// <param name="Logs">The log tail, oldest first (null when the user may not read logs).</param>
/// <param name="Error">Why it failed or how it was stopped, or null.</param>
internal sealed record RunLive(
    string Status,
    bool Finished,
    string Progress,
    string Duration,
    string BestMetric,
    string PrimaryMetric,
    IReadOnlyList<EpochLive> Epochs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baselines,
    string EarlyStop,
    IReadOnlyList<string>? Logs,
    string? Error);

/// <summary>One finished epoch: its loss and evaluation metrics.</summary>
internal sealed record EpochLive(int Epoch, double Loss, IReadOnlyDictionary<string, double> Metrics);
