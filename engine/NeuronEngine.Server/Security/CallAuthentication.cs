using System.Net;
using Grpc.Core;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;

namespace NeuronEngine.Server.Security;

/// <summary>
/// Who makes a call: the key in <c>authorization: Bearer &lt;secret&gt;</c>, or — with no key, from 127.0.0.1 or ::1 —
/// the loopback operator where the mode allows it. Only those two addresses (and ::1's IPv4-mapped form) count as
/// loopback, not the rest of 127.0.0.0/8, so tests can call from 127.0.0.2 as a stranger.
/// </summary>
internal sealed class CallAuthentication(KeyAuthenticator keys, IOptions<AuthOptions> options)
{
    public const string AuthorizationHeader = "authorization";
    private const string Scheme = "Bearer ";

    private readonly AuthMode mode = options.Value.Mode;

    /// <summary>
    /// The call's method as the service defines it (<c>/neuron.v1.ModelService/ListFamilies</c>) when the request
    /// reached a gRPC endpoint, whatever case or trailing slash its path had; null otherwise.
    /// </summary>
    public static string? Method(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName;

    /// <summary>The call's method as the service defines it; the path as sent for a context without an HTTP request (tests).</summary>
    public static string Method(ServerCallContext context)
    {
        HttpContext http;
        try
        {
            http = context.GetHttpContext();
        }
        catch (InvalidOperationException)
        {
            return context.Method;
        }

        return Method(http) ?? context.Method;
    }

    /// <summary>True for the addresses loopback mode trusts: 127.0.0.1, ::1 and ::ffff:127.0.0.1.</summary>
    public static bool IsTrustedLoopback(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback))
        {
            return true;
        }

        if (!address.IsIPv4MappedToIPv6)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out _) && bytes[12] == 127 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] == 1;
    }

    /// <summary>
    /// Authenticates a call to <paramref name="method"/> and leaves its <see cref="Caller"/> on the request's features;
    /// health needs nobody. Throws Unauthenticated.
    /// </summary>
    public void Authenticate(HttpContext http, string method)
    {
        if (method.StartsWith(CallPolicy.HealthPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        Caller caller;
        if (authorization.Length == 0)
        {
            var loopback = IsTrustedLoopback(http.Connection.RemoteIpAddress);
            if (!loopback || (mode != AuthMode.Loopback && !method.StartsWith(CallPolicy.ReflectionPrefix, StringComparison.Ordinal)))
            {
                throw NeuronException.Unauthenticated(mode == AuthMode.Loopback
                    ? "calls from other hosts than this one need an API key (authorization: Bearer <secret>)"
                    : "every call needs an API key (authorization: Bearer <secret>; Auth:Mode is required)");
            }

            caller = Caller.LoopbackOperator;
        }
        else if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw NeuronException.Unauthenticated("the authorization header must be \"Bearer <secret>\"");
        }
        else
        {
            caller = keys.Authenticate(authorization.AsSpan(Scheme.Length).Trim());
        }

        http.Features.Set(caller);
    }
}
