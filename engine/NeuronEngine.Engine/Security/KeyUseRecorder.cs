using NeuronEngine.Engine.Hosting;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Security;

/// <summary>Writes the keys' last use to the registry once a minute (and at stop), not on every call.</summary>
internal sealed partial class KeyUseRecorder(
    KeyAuthenticator authenticator,
    IKeyStore store,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<KeyUseRecorder> logger) : PeriodicService(lifetime, time)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            Record();
        }
        catch (Exception ex) when (IsTransient(ex))
        {
        }
    }

    protected override Task RunOnceAsync(CancellationToken stoppingToken)
    {
        Record();
        return Task.CompletedTask;
    }

    // Last-use times are a convenience: a busy or failing registry must not stop the engine over them.
    protected override bool IsTransient(Exception exception)
    {
        Log.Failed(logger, exception);
        return true;
    }

    protected override void OnCrashed(Exception exception) => Log.Failed(logger, exception);

    private void Record()
    {
        var uses = authenticator.TakeUses();
        if (uses.Count > 0)
        {
            store.RecordUse(uses);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "KeyUseNotRecorded", Level = LogLevel.Warning, Message = "Could not record API keys' last use")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
