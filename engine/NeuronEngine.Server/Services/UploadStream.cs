using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Services;

/// <summary>
/// A client-streamed upload (RegisterVersion, UploadDataset) as the engine takes it: the header from the first message,
/// then the bytes of every later message.
/// </summary>
internal static class UploadStream
{
    /// <summary>The first message's header; INVALID_ARGUMENT when the stream is empty or starts with a chunk.</summary>
    public static async Task<THeader> ReadHeaderAsync<TRequest, THeader>(IAsyncStreamReader<TRequest> requests, Func<TRequest, THeader?> headerOf, CancellationToken cancellationToken)
        where THeader : class
    {
        if (!await requests.MoveNext(cancellationToken) || headerOf(requests.Current) is not { } header)
        {
            throw NeuronException.InvalidArgument("header", "the first message must carry the header");
        }

        return header;
    }

    /// <summary>The bytes of the messages after the header; INVALID_ARGUMENT when a later message carries a header again.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunksAsync<TRequest>(IAsyncStreamReader<TRequest> requests, Func<TRequest, ByteString?> chunkOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await requests.MoveNext(cancellationToken))
        {
            yield return chunkOf(requests.Current)?.Memory ?? throw NeuronException.InvalidArgument("header", "only the first message may carry the header");
        }
    }
}
