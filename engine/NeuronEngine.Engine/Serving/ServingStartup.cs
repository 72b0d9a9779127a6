using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Engine.Serving;

/// <summary>
/// At start, before the server listens: choose the execution provider (failing start-up when
/// <c>Inference:Provider=cuda</c> has no CUDA) and delete uploads a previous run left half-staged. Then, in the
/// background while the server already answers health, load every promoted version (<see cref="Loaded"/>), so a
/// restarted engine serves exactly what was promoted.
/// </summary>
internal sealed class ServingStartup(ExecutionProviders providers, ArtifactStore artifacts, Promoter promoter, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
    private Task? loading;

    /// <summary>Completes once every promoted version was loaded (or recorded FAILED); faults when loading itself failed.</summary>
    public Task Loaded => loading ?? throw new InvalidOperationException("serving has not been started");

    /// <summary>True once every promoted version has been loaded (or recorded FAILED).</summary>
    public bool IsLoaded => loading is { IsCompletedSuccessfully: true };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = providers.UseCuda;
        artifacts.CleanStaging();

        // Loading needs only the registry and the artifacts, so it runs beside storage recovery, not after it.
        loading = Task.Run(() => promoter.LoadServingAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (loading is not null)
        {
            await loading.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public void Dispose() => stopping.Dispose();
}
