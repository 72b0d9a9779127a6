namespace NeuronEngine.Registry.Training;

/// <summary>A run a trainer has just leased.</summary>
/// <param name="Run">The run, now Running.</param>
/// <param name="LeaseId">The lease; every later report must name it.</param>
/// <param name="Expires">When the lease runs out unless renewed (UTC).</param>
public sealed record LeasedRun(TrainingRun Run, string LeaseId, DateTimeOffset Expires);
