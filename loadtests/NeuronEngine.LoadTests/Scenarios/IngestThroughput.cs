using System.Threading.Channels;
using Grpc.Core;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>
/// Closed-loop ingest throughput (<c>ingest --rate 0</c>): <c>--streams</c> TrackStream calls, each keeping
/// <c>--in-flight</c> batches unacknowledged, as fast as the engine acknowledges. The figure is events/s; the
/// latency recorded is each batch's acknowledgement time from its actual send (closed loop: there is no
/// intended time), so it is not comparable with open-loop latencies.
/// </summary>
internal sealed class IngestThroughput(ScenarioContext context)
{
    private long events;

    /// <summary>Events acknowledged while measuring.</summary>
    public long Events => Interlocked.Read(ref events);

    /// <summary>Sends until the context's measurement end; the caller sets the measurement window first.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = context.Options;
        await EventTypes.EnsureAsync(context.Connections.Control, cancellationToken);
        var requests = IngestBatches.Build(options, Math.Max(64, options.Streams * options.InFlight * 2));
        var clock = context.Clock;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, options.Streams).Select(s => Task.Run(() => StreamAsync(s, requests, stop.Token), CancellationToken.None)).ToArray();

        var remaining = TimeSpan.FromSeconds((double)(context.MeasureEnd - clock.GetTimestamp()) / clock.Frequency);
        await Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
    }

    private async Task StreamAsync(int stream, TrackRequest[] requests, CancellationToken stop)
    {
        var clock = context.Clock;
        using var call = context.Connections[stream].Events.TrackStream(cancellationToken: CancellationToken.None);
        var sent = Channel.CreateBounded<long>(context.Options.InFlight);
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    var started = await sent.Reader.ReadAsync();
                    var now = clock.GetTimestamp();
                    if (started >= context.Recorder.MeasureStart && started < context.MeasureEnd)
                    {
                        Interlocked.Add(ref events, response.Accepted + response.Duplicates);
                        context.Recorder.Record("ingest", null, started, started, now, null);
                    }
                }
            }
            finally
            {
                // A reader that stopped (the call failed) must not leave the writer waiting for room that never comes.
                sent.Writer.TryComplete();
            }
        }, CancellationToken.None);
        try
        {
            for (var next = stream; !stop.IsCancellationRequested; next++)
            {
                try
                {
                    await sent.Writer.WriteAsync(clock.GetTimestamp(), stop);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
                {
                    break;
                }

                await call.RequestStream.WriteAsync(requests[next % requests.Length], CancellationToken.None);
            }

            if (!reader.IsCompleted)
            {
                await call.RequestStream.CompleteAsync();
            }

            await reader;
        }
        catch (RpcException ex)
        {
            var now = clock.GetTimestamp();
            context.Recorder.Record("ingest", null, now, now, now, ex.StatusCode.ToString());
            await context.Output.WriteLineAsync($"stream {stream}: {ex.Status}");
        }
    }
}
