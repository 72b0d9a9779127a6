using System.Runtime.CompilerServices;
using Grpc.Core;

namespace NeuronEngine.Client.Internal;

/// <summary>Applies deadlines and turns <see cref="RpcException"/> into <see cref="NeuronClientException"/> for every wrapper.</summary>
internal sealed class RpcCaller(NeuronClientOptions options, TimeProvider time)
{
    /// <summary>Options for a unary call: the given deadline, else the default one.</summary>
    public CallOptions Unary(TimeSpan? deadline, CancellationToken ct) =>
        new(deadline: time.GetUtcNow().UtcDateTime + (deadline ?? options.DefaultDeadline), cancellationToken: ct);

    /// <summary>Options for a call that may rightly last: no deadline unless one is given.</summary>
    public CallOptions Long(TimeSpan? deadline, CancellationToken ct) =>
        new(deadline: deadline is { } d ? time.GetUtcNow().UtcDateTime + d : null, cancellationToken: ct);

    public static async Task<T> Await<T>(AsyncUnaryCall<T> call)
    {
        using (call)
        {
            try
            {
                return await call.ResponseAsync;
            }
            catch (RpcException ex)
            {
                throw NeuronClientException.From(ex);
            }
        }
    }

    public static async IAsyncEnumerable<T> Stream<T>(AsyncServerStreamingCall<T> call, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using (call)
        {
            while (true)
            {
                try
                {
                    if (!await call.ResponseStream.MoveNext(ct))
                    {
                        yield break;
                    }
                }
                catch (RpcException ex)
                {
                    throw NeuronClientException.From(ex);
                }

                yield return call.ResponseStream.Current;
            }
        }
    }

    /// <summary>Sends a header message, then the content in chunks, and returns the answer.</summary>
    public static async Task<TResponse> Upload<TRequest, TResponse>(
        AsyncClientStreamingCall<TRequest, TResponse> call, TRequest header, Stream content, Func<ReadOnlyMemory<byte>, TRequest> chunk, CancellationToken ct)
    {
        using (call)
        {
            try
            {
                await call.RequestStream.WriteAsync(header, ct);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    await call.RequestStream.WriteAsync(chunk(buffer.AsMemory(0, read)), ct);
                }

                await call.RequestStream.CompleteAsync();
                return await call.ResponseAsync;
            }
            catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
            {
                // A write to a call the engine already ended fails without the status; the response carries it.
                try
                {
                    await call.ResponseAsync;
                }
                catch (RpcException rpc)
                {
                    throw NeuronClientException.From(rpc);
                }

                throw;
            }
            catch (RpcException ex)
            {
                throw NeuronClientException.From(ex);
            }
        }
    }
}
