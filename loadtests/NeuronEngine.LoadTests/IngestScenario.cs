using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using HdrHistogram;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.LoadTests;

/// <summary>
/// Closed-loop ingest throughput: several TrackStream calls, each keeping a window of batches in flight,
/// counting events the engine acknowledged. Requests are built before the clock starts so the generator's
/// own CPU (it shares the machine) is spent on sending, not on building.
/// </summary>
internal sealed class IngestScenario(IngestOptions options)
{
    public async Task<IngestResult> RunAsync()
    {
        using var channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var invoker = channel.CreateCallInvoker().Intercept(m =>
        {
            m.Add("x-tenant", options.Tenant);
            return m;
        });
        await EnsureEventTypesAsync(new EventTypeService.EventTypeServiceClient(invoker));
        var requests = BuildRequests();
        var client = new EventService.EventServiceClient(invoker);

        var measuring = false;
        long events = 0, batches = 0, errors = 0;
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, options.Streams).Select(s => Task.Run(async () =>
        {
            var local = new LongHistogram(TimeStamp.Minutes(1), 3);
            try
            {
                using var call = client.TrackStream(cancellationToken: CancellationToken.None);
                var sent = Channel.CreateBounded<long>(options.InFlight);
                var reader = Task.Run(async () =>
                {
                    await foreach (var response in call.ResponseStream.ReadAllAsync())
                    {
                        var started = await sent.Reader.ReadAsync();
                        if (Volatile.Read(ref measuring))
                        {
                            Interlocked.Add(ref events, response.Accepted + response.Duplicates);
                            Interlocked.Increment(ref batches);
                            local.RecordValue(Stopwatch.GetTimestamp() - started);
                        }
                    }
                });
                var next = s;
                while (!stop.IsCancellationRequested)
                {
                    await sent.Writer.WriteAsync(Stopwatch.GetTimestamp());
                    await call.RequestStream.WriteAsync(requests[next++ % requests.Length]);
                }

                await call.RequestStream.CompleteAsync();
                await reader;
            }
            catch (RpcException ex)
            {
                Interlocked.Increment(ref errors);
                await Console.Error.WriteLineAsync($"stream {s}: {ex.Status}");
            }

            lock (histogram)
            {
                histogram.Add(local);
            }
        })).ToArray();

        await Task.Delay(options.Warmup);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(options.Duration);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed;
        var measured = Interlocked.Read(ref events);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return new IngestResult(options, measured, Interlocked.Read(ref batches), errors, elapsed, histogram);
    }

    private async Task EnsureEventTypesAsync(EventTypeService.EventTypeServiceClient types)
    {
        foreach (var (type, weight) in new[] { ("view", 1), ("click", 5), ("purchase", 50) })
        {
            try
            {
                await types.CreateEventTypeAsync(new EventType { Type = type, Name = type, Weight = weight });
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
            {
            }
        }
    }

    private TrackRequest[] BuildRequests()
    {
        var random = new Random(options.Seed);
        string[] types = ["view", "view", "view", "click", "click", "purchase"];
        var requests = new TrackRequest[Math.Max(64, options.Streams * options.InFlight * 2)];
        for (var r = 0; r < requests.Length; r++)
        {
            var request = new TrackRequest();
            for (var e = 0; e < options.Batch; e++)
            {
                request.Events.Add(new Event
                {
                    UserId = "u" + Zipf(random, options.Users),
                    ItemId = "i" + Zipf(random, options.Items),
                    Type = types[random.Next(types.Length)],
                });
            }

            requests[r] = request;
        }

        return requests;
    }

    /// <summary>An approximately Zipf(1)-distributed rank in [0, n): popular users and items dominate, as in real traffic.</summary>
    private static int Zipf(Random random, int n) => (int)Math.Min(n - 1, Math.Floor(Math.Exp(random.NextDouble() * Math.Log(n + 1)) - 1));
}
