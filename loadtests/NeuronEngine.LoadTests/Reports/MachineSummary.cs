namespace NeuronEngine.LoadTests.Reports;

/// <summary>
/// The machine probe's wake-ups over the measured time (<see cref="Load.MachineProbe"/>): how late a thread that only
/// sleeps was woken, in ms, and how often more than 1 and 2 ms late.
/// </summary>
internal sealed record MachineSummary(double Rate, long Wakeups, double P50Ms, double P99Ms, double P999Ms, double MaxMs, long Over1Ms, long Over2Ms);
