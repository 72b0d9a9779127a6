using NeuronEngine.Registry.Training;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// At start: make the trainer token when missing, delete dataset uploads a previous run left half-written, and delete the
/// work folders of runs that are no longer running.
/// </summary>
internal sealed class TrainingStartup(TrainerToken token, DatasetFiles datasets, RunDirectories directories, IRunStore runs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        token.EnsureCreated();
        datasets.CleanStaging();
        var running = runs.RunningIds();
        directories.Clean(running.Contains);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
