using NeuronEngine.Trainer.Runs;

namespace NeuronEngine.Trainer.Worker;

/// <summary>What the worker runs for a lease: builds the datasets, trains, exports and checks; throws to fail the run.</summary>
internal delegate Task<RunOutcome> RunExecution(RunSpec spec, string workDirectory, IRunReporter reporter, CancellationToken cancellationToken);
