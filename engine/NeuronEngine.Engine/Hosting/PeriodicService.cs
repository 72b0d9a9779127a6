namespace NeuronEngine.Engine.Hosting;

/// <summary>
/// Work the engine does on a fixed interval: a failure the work expects (a full disk, a busy registry) is logged and
/// retried at the next tick; anything else means the engine can no longer keep its promises, so it stops.
/// </summary>
internal abstract class PeriodicService(IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    /// <summary>The clock the interval runs on (tests use a manual one).</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Time between runs.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One run of the work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>True (after logging it) for a failure the next tick may not see; the loop goes on.</summary>
    protected abstract bool IsTransient(Exception exception);

    /// <summary>Logs the failure that stops the engine.</summary>
    protected abstract void OnCrashed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && IsTransient(ex))
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            OnCrashed(ex);
            lifetime.StopApplication();
        }
    }
}
