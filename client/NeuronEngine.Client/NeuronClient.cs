using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NeuronEngine.Client.Internal;
using NeuronEngine.Client.Services;
using NeuronEngine.Client.Tracking;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Client;

/// <summary>
/// The NeuronEngine client: one typed wrapper per service, each call with a deadline (the default one unless given) and
/// failures as <see cref="NeuronClientException"/>. Thread-safe; make one per engine and tenant and keep it.
/// </summary>
public sealed class NeuronClient : IDisposable
{
    private readonly GrpcChannel? ownedChannel;
    private readonly EventService.EventServiceClient events;
    private readonly NeuronClientOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly TimeProvider time;

    /// <summary>
    /// Creates a client with its own channel to <see cref="NeuronClientOptions.Endpoint"/>, or balanced over
    /// <see cref="NeuronClientOptions.Endpoints"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public NeuronClient(NeuronClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, Channel(options, out var channel), channel)
    {
    }

    /// <summary>
    /// Creates a client over a channel the caller made and keeps (its own handler, connection pool or message limits);
    /// disposing the client leaves the channel open. <see cref="NeuronClientOptions.Endpoint"/> and
    /// <see cref="NeuronClientOptions.Endpoints"/> are not used, nor are calls retried unless the channel's service config says so.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public NeuronClient(GrpcChannel channel, NeuronClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, Wrap(channel, options), owned: null)
    {
    }

    private NeuronClient(NeuronClientOptions options, ILoggerFactory? loggerFactory, CallInvoker invoker, GrpcChannel? owned)
        : this(
            options,
            loggerFactory,
            TimeProvider.System,
            new EventTypeService.EventTypeServiceClient(invoker),
            new EventService.EventServiceClient(invoker),
            new CatalogService.CatalogServiceClient(invoker),
            new TemplateService.TemplateServiceClient(invoker),
            new TrainingService.TrainingServiceClient(invoker),
            new ModelService.ModelServiceClient(invoker),
            new RecommendationService.RecommendationServiceClient(invoker),
            new AdminService.AdminServiceClient(invoker),
            new KeyService.KeyServiceClient(invoker)) =>
        ownedChannel = owned;

    /// <summary>Wraps generated clients made elsewhere (by the gRPC client factory), which carry the tenant and key headers.</summary>
    internal NeuronClient(
        NeuronClientOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider time,
        EventTypeService.EventTypeServiceClient eventTypes,
        EventService.EventServiceClient events,
        CatalogService.CatalogServiceClient catalog,
        TemplateService.TemplateServiceClient templates,
        TrainingService.TrainingServiceClient training,
        ModelService.ModelServiceClient models,
        RecommendationService.RecommendationServiceClient recommendations,
        AdminService.AdminServiceClient admin,
        KeyService.KeyServiceClient keys)
    {
        this.options = options;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        this.time = time;
        this.events = events;
        var rpc = new RpcCaller(options, time);
        EventTypes = new EventTypesClient(eventTypes, rpc);
        Events = new EventsClient(events, rpc);
        Catalog = new CatalogClient(catalog, rpc);
        Templates = new TemplatesClient(templates, rpc);
        Training = new TrainingClient(training, rpc);
        Models = new ModelsClient(models, rpc);
        Recommendations = new RecommendationsClient(recommendations, rpc);
        Admin = new AdminClient(admin, rpc);
        Keys = new KeysClient(keys, rpc);
    }

    /// <summary>Event types: create, update, delete, get, list.</summary>
    public EventTypesClient EventTypes { get; }

    /// <summary>Direct event calls (Track, GetEventStats); for ingest prefer <see cref="CreateTracker"/>.</summary>
    public EventsClient Events { get; }

    /// <summary>The item catalog.</summary>
    public CatalogClient Catalog { get; }

    /// <summary>Signal templates.</summary>
    public TemplatesClient Templates { get; }

    /// <summary>Training runs and datasets.</summary>
    public TrainingClient Training { get; }

    /// <summary>Model families, versions, endpoints and promotions.</summary>
    public ModelsClient Models { get; }

    /// <summary>Recommendations and similar items.</summary>
    public RecommendationsClient Recommendations { get; }

    /// <summary>Engine-wide operations: backups, the cluster's replicas.</summary>
    public AdminClient Admin { get; }

    /// <summary>API keys: create (the secret is shown once), list, revoke.</summary>
    public KeysClient Keys { get; }

    /// <summary>A new batching tracker on this client's connection; the caller owns it and must dispose it to send what is buffered.</summary>
    public EventTracker CreateTracker() =>
        new(events, options, loggerFactory.CreateLogger<EventTracker>(), time);

    /// <summary>Closes the channel when this client made it; a client from dependency injection leaves it to the factory.</summary>
    public void Dispose() => ownedChannel?.Dispose();

    /// <summary>
    /// An HTTP handler with <paramref name="options"/>' TLS settings (<see cref="NeuronClientOptions.CaCertificateFile"/>,
    /// the client certificate), for a <see cref="GrpcChannel"/> the caller makes and tunes itself; the caller owns it.
    /// Such a channel goes where the caller points it: it neither balances over <see cref="NeuronClientOptions.Endpoints"/>
    /// nor retries unless its own service config says so.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public static SocketsHttpHandler CreateHttpHandler(NeuronClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return ChannelSecurity.CreateHandler(options);
    }

    private static CallInvoker Channel(NeuronClientOptions options, out GrpcChannel channel)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        channel = EngineChannel.Create(options);
        return channel.Intercept(new HeadersInterceptor(options.Tenant, options.ApiKey));
    }

    private static CallInvoker Wrap(GrpcChannel channel, NeuronClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return channel.Intercept(new HeadersInterceptor(options.Tenant, options.ApiKey));
    }
}
