using Grpc.Core;

namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>Asserts on gRPC failures: the status code, and that the message names the field and the rule.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call, params string[] messageParts)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => call().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(code == ex.StatusCode, $"expected {code}, got {ex.StatusCode}: {ex.Status.Detail}");
        foreach (var part in messageParts)
        {
            Assert.Contains(part, ex.Status.Detail, StringComparison.Ordinal);
        }

        return ex;
    }

    /// <summary>
    /// Sends <paramref name="messages"/> on a client stream, then awaits the answer. The engine may answer (and stop
    /// reading) before every message is sent; its answer, not the failed send, is what the caller sees.
    /// </summary>
    public static async Task<TResponse> SendAllAsync<TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> call, IEnumerable<TRequest> messages)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(messages);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The engine answered before reading everything; its answer below says why.
        }

        return await call.ResponseAsync;
    }

    /// <summary>Waits for a call with a timeout, so a hung server fails the test instead of hanging it.</summary>
    public static Task<T> Within<T>(this AsyncUnaryCall<T> call) => call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
}
