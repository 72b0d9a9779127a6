using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Server.Serving;

/// <summary>
/// At start, after storage has recovered and before the server listens: choose the execution provider (failing
/// start-up when <c>Inference:Provider=cuda</c> has no CUDA), delete uploads a previous run left half-staged, and load
/// every promoted version, so a restarted engine serves exactly what was promoted.
/// </summary>
internal sealed class ServingStartup(ExecutionProviders providers, ArtifactStore artifacts, Promoter promoter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = providers.UseCuda;
        artifacts.CleanStaging();
        return promoter.LoadServingAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
