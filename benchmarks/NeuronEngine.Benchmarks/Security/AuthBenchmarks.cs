using System.Net;
using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;
using NeuronEngine.Registry;
using NeuronEngine.Registry.Keys;
using NeuronEngine.Server.Security;

namespace NeuronEngine.Benchmarks.Security;

/// <summary>
/// What authentication adds to a Recommend call with a cached key: the middleware's and the interceptor's whole work
/// (headers, the key's salted SHA-256 and constant-time compare, the role table, the tenant check) against calling the service
/// method directly, and the key lookup alone.
/// </summary>
public class AuthBenchmarks : IDisposable
{
    private const string Method = "/neuron.v1.RecommendationService/Recommend";
    private static readonly RecommendRequest Request = new() { UserId = "u1" };
    private static readonly Task<RecommendResponse> Done = Task.FromResult(new RecommendResponse());
    private static readonly UnaryServerMethod<RecommendRequest, RecommendResponse> Service = static (_, _) => Done;

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"neuron-auth-bench-{Guid.NewGuid():N}");
    private RegistryDatabase? database;
    private KeyAuthenticator? authenticator;
    private CallAuthentication? authentication;
    private AuthInterceptor? interceptor;
    private HttpContext? http;
    private CallContext? context;
    private string secret = "";

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(directory);
        database = new RegistryDatabase(Options.Create(new RegistryOptions { DatabasePath = Path.Combine(directory, "registry.db") }), NullLogger<RegistryDatabase>.Instance);
        var store = new KeyStore(database, TimeProvider.System);
        authenticator = new KeyAuthenticator(store, TimeProvider.System);
        var administration = new KeyAdministration(store, authenticator, Options.Create(new AuthOptions()));
        var root = new Caller(null, "bench", TenantId.Default, Roles.Operator);
        (_, secret) = administration.Create(root, "shop", "web-frontend", "", ["serve"]);
        authentication = new CallAuthentication(authenticator, Options.Create(new AuthOptions { Mode = AuthMode.Required }));
        interceptor = new AuthInterceptor();

        http = new DefaultHttpContext();
        http.Request.Headers.Authorization = $"Bearer {secret}";
        http.Request.Headers["x-tenant"] = "shop";
        http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context = new CallContext(Method, http);

        // Warm the cache: the figure is the cost of a call with a key already seen.
        authenticator.Authenticate(secret);
        AuthenticateAndAuthorize().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<RecommendResponse> ServiceAlone() => Service(Request, context!);

    /// <summary>What a call pays: the middleware's authentication, then the interceptor's role and tenant check.</summary>
    [Benchmark]
    public Task<RecommendResponse> AuthenticateAndAuthorize()
    {
        authentication!.Authenticate(http!, Method);
        return interceptor!.UnaryServerHandler(Request, context!, Service);
    }

    [Benchmark]
    public Caller KeyLookupAndHash() => authenticator!.Authenticate(secret);

    [GlobalCleanup]
    public void Dispose()
    {
        database?.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A call context over a reused HTTP context, as Kestrel reuses a connection's stream objects.</summary>
    private sealed class CallContext(string method, HttpContext http) : ServerCallContext
    {
        private readonly Dictionary<object, object> userState = new() { ["__HttpContext"] = http };

        protected override string MethodCore => method;

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:10.1.2.3:50000";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore => [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore => [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore => new(null, []);

        protected override IDictionary<object, object> UserStateCore => userState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
