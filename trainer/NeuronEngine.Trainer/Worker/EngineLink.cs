using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Trainer.Worker;

/// <summary>
/// The trainer's connection to its engine: one channel (TLS as <see cref="EngineCredentials"/> says), the lease client,
/// and the headers every call carries: the API key and the trainer token.
/// </summary>
internal sealed class EngineLink : IDisposable
{
    /// <summary>The metadata key the engine checks on every RunLeaseService call.</summary>
    public const string TokenHeader = "x-trainer-token";

    private readonly GrpcChannel? channel;
    private readonly string tokenFile;
    private readonly string? apiKey;
    private Metadata? headers;

    public EngineLink(IOptions<TrainerOptions> options, EngineCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        channel = GrpcChannel.ForAddress(options.Value.Engine, new GrpcChannelOptions
        {
            HttpHandler = credentials.CreateHandler(),
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        Client = new RunLeaseService.RunLeaseServiceClient(channel);
        tokenFile = options.Value.ResolvedTokenFile;
        apiKey = credentials.ApiKey;
    }

    /// <summary>A link over any call invoker (tests drive the worker against an in-process fake engine).</summary>
    internal EngineLink(CallInvoker invoker, string tokenFile, string? apiKey = null)
    {
        Client = new RunLeaseService.RunLeaseServiceClient(invoker);
        this.tokenFile = tokenFile;
        this.apiKey = apiKey;
    }

    public RunLeaseService.RunLeaseServiceClient Client { get; }

    /// <summary>
    /// Every call's headers: <c>authorization: Bearer</c> with the API key when there is one, and the trainer token. The
    /// engine writes its token file at start, so a trainer started first waits for it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The token file does not exist (yet).</exception>
    public Metadata Headers
    {
        get
        {
            if (headers is null)
            {
                var token = File.ReadAllText(tokenFile).Trim();
                var fresh = new Metadata { { TokenHeader, token } };
                if (apiKey is not null)
                {
                    fresh.Add("authorization", $"Bearer {apiKey}");
                }

                headers = fresh;
            }

            return headers;
        }
    }

    /// <summary>Forgets the token, so the next call reads the file again (the engine may have been reset).</summary>
    public void ResetToken() => headers = null;

    public void Dispose() => channel?.Dispose();
}
