using Microsoft.Extensions.Hosting;

namespace NeuronEngine.Trainer.Worker;

/// <summary>
/// Stops the trainer when its stdin closes: the engine closes it to stop its sidecar, and the kernel closes it when the
/// engine dies, so a sidecar never outlives its engine.
/// </summary>
internal sealed class StdinLifetime(IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A console read does not always honour cancellation, so the read runs apart and shutdown does not wait for it.
        var closed = Task.Run(
            () =>
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (stdin.Read(buffer) > 0)
                {
                }
            },
            CancellationToken.None);
        var stopping = Task.Delay(Timeout.Infinite, stoppingToken);
        if (await Task.WhenAny(closed, stopping) == closed)
        {
            lifetime.StopApplication();
        }
    }
}
