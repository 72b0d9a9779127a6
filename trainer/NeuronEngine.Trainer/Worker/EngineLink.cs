using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Trainer.Worker;

/// <summary>The trainer's connection to its engine: one channel, the lease client, and the token every call carries.</summary>
internal sealed class EngineLink : IDisposable
{
    /// <summary>The metadata key the engine checks on every RunLeaseService call.</summary>
    public const string TokenHeader = "x-trainer-token";

    private readonly GrpcChannel? channel;
    private readonly string tokenFile;
    private Metadata? headers;

    public EngineLink(IOptions<TrainerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        channel = GrpcChannel.ForAddress(options.Value.Engine, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        Client = new RunLeaseService.RunLeaseServiceClient(channel);
        tokenFile = options.Value.ResolvedTokenFile;
    }

    /// <summary>A link over any call invoker (tests drive the worker against an in-process fake engine).</summary>
    internal EngineLink(CallInvoker invoker, string tokenFile)
    {
        Client = new RunLeaseService.RunLeaseServiceClient(invoker);
        this.tokenFile = tokenFile;
    }

    public RunLeaseService.RunLeaseServiceClient Client { get; }

    /// <summary>The token headers; the engine writes its token file at start, so a trainer started first waits for it.</summary>
    /// <exception cref="FileNotFoundException">The token file does not exist (yet).</exception>
    public Metadata Headers
    {
        get
        {
            if (headers is null)
            {
                var token = File.ReadAllText(tokenFile).Trim();
                headers = new Metadata { { TokenHeader, token } };
            }

            return headers;
        }
    }

    /// <summary>Forgets the token, so the next call reads the file again (the engine may have been reset).</summary>
    public void ResetToken() => headers = null;

    public void Dispose() => channel?.Dispose();
}
