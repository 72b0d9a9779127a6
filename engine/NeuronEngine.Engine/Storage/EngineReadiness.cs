using System.Diagnostics;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Engine.Serving;

namespace NeuronEngine.Engine.Storage;

/// <summary>
/// Start-up as clients see it. Storage recovery and model loading run in the background while the server already
/// listens: health answers NOT_SERVING and other calls UNAVAILABLE (the host's readiness check). Once both
/// have finished, <see cref="IsReady"/> turns true for good and the host's start completes.
/// </summary>
/// <remarks>
/// The host's start waits for readiness in <see cref="StartedAsync"/>, which runs after the server has started
/// listening: so a recovery failure still fails start-up (one line, exit code 3, as before), an in-process host's
/// <c>StartAsync</c> still returns a ready engine, and services waiting for <c>ApplicationStarted</c> (the trainer
/// sidecar) start once the engine serves.
/// </remarks>
internal sealed partial class EngineReadiness(
    EngineStorage storage,
    ServingStartup serving,
    IListenAddresses listening,
    IHostApplicationLifetime lifetime,
    ILogger<EngineReadiness> logger) : IHostedLifecycleService
{
    private volatile bool ready;

    /// <summary>True once storage has recovered and every promoted version is loaded; never false again.</summary>
    public bool IsReady => ready;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var addresses = string.Join(", ", listening.Addresses);
        Log.Starting(logger, addresses);
        try
        {
            // Storage first: a corrupt log must end start-up at once, whatever the models are doing.
            await storage.Recovery.WaitAsync(lifetime.ApplicationStopping);
            await serving.Loaded.WaitAsync(lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Asked to stop while starting: let the host's stop run its usual, clean course.
            Log.StoppedWhileStarting(logger);
            return;
        }

        ready = true;
        var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.Ready(logger, milliseconds);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "EngineStarting", Level = LogLevel.Information, Message = "NeuronEngine accepting calls on {Addresses}; health reports NOT_SERVING until storage has recovered and the promoted models are loaded")]
        public static partial void Starting(ILogger logger, string addresses);

        [LoggerMessage(EventId = 2, EventName = "EngineReady", Level = LogLevel.Information, Message = "NeuronEngine ready: storage recovered and promoted models loaded {Milliseconds} ms after the server started listening; health reports SERVING")]
        public static partial void Ready(ILogger logger, long milliseconds);

        [LoggerMessage(EventId = 3, EventName = "EngineStoppedWhileStarting", Level = LogLevel.Information, Message = "NeuronEngine asked to stop while starting; recovery and model loading are abandoned")]
        public static partial void StoppedWhileStarting(ILogger logger);
    }
}
