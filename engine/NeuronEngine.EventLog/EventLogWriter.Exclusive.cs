namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    /// <summary>
    /// Runs an exclusive action between two groups: commits the staged group, fsyncs whatever the policy left
    /// unsynced, then runs the action to completion, unless its caller cancelled while it was queued. The witness of
    /// that fsync, if one is needed, is written once the loop runs out of work (see <see cref="WitnessIfDue"/>).
    /// </summary>
    private async Task RunExclusiveOnLoopAsync(PendingRequest request)
    {
        Commit();
        if (!request.TryStart())
        {
            return;
        }

        // end > synced also covers a witness written after the last fsync: the action's position must be durable.
        if (fault is not null || (this.end > synced && !SyncNow()))
        {
            request.TrySetException(StoppedError());
            return;
        }

        var end = new LogPosition(this.end);
        try
        {
            // Started means run to completion: the caller's token no longer applies, so the action cannot stop halfway.
            await request.Exclusive!(end, CancellationToken.None);
            request.TrySetResult(new AppendResult(null, end, end));
        }
        catch (Exception ex)
        {
            request.TrySetException(ex);
        }
    }
}
