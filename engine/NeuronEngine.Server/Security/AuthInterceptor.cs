using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Security;

/// <summary>
/// Authenticates every call (<c>authorization: Bearer &lt;secret&gt;</c>, or the operator on loopback in
/// <see cref="AuthMode.Loopback"/>), checks its roles against <see cref="CallPolicy"/> and its <c>x-tenant</c> against
/// the key's tenant, and leaves the <see cref="Caller"/> on the call for the services (<see cref="TenantResolver"/>).
/// </summary>
/// <remarks>
/// Runs inside <see cref="Errors.ErrorInterceptor"/>, which maps the exceptions to UNAUTHENTICATED and
/// PERMISSION_DENIED. Reads the headers from the HTTP request, not <see cref="ServerCallContext.RequestHeaders"/>,
/// which would copy them all; with a cached key a call allocates nothing here. Only 127.0.0.1 and ::1 (and ::1's
/// IPv4-mapped form) count as loopback, not the rest of 127.0.0.0/8, so tests can call from 127.0.0.2 as a stranger.
/// </remarks>
internal sealed class AuthInterceptor(KeyAuthenticator keys, IOptions<AuthOptions> options) : CallGuardInterceptor
{
    public const string AuthorizationHeader = "authorization";
    private const string Scheme = "Bearer ";

    private readonly AuthMode mode = options.Value.Mode;

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

    protected override void Check(ServerCallContext context)
    {
        var method = context.Method;
        if (method.StartsWith(CallPolicy.HealthPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var http = context.GetHttpContext();
        var loopback = IsTrustedLoopback(http.Connection.RemoteIpAddress);
        var caller = Authenticate(http.Request.Headers.Authorization.ToString(), loopback, method);
        if (method.StartsWith(CallPolicy.ReflectionPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var needed = CallPolicy.For(method);
        if (!caller.Allows(needed))
        {
            throw NeuronException.PermissionDenied(AuthorizationHeader,
                $"key \"{caller.Name}\" lacks the role this call needs ({CallPolicy.Describe(needed)})");
        }

        http.Features.Set(caller);

        // The tenant the call names must be the key's (operators name any); checked here so no call can forget it.
        _ = context.GetTenant();
    }

    private Caller Authenticate(string authorization, bool loopback, string method)
    {
        if (authorization.Length == 0)
        {
            if (loopback && (mode == AuthMode.Loopback || method.StartsWith(CallPolicy.ReflectionPrefix, StringComparison.Ordinal)))
            {
                return Caller.LoopbackOperator;
            }

            throw NeuronException.Unauthenticated(mode == AuthMode.Loopback
                ? "calls from other hosts than this one need an API key (authorization: Bearer <secret>)"
                : "every call needs an API key (authorization: Bearer <secret>; Auth:Mode is required)");
        }

        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw NeuronException.Unauthenticated("the authorization header must be \"Bearer <secret>\"");
        }

        return keys.Authenticate(authorization.AsSpan(Scheme.Length).Trim());
    }
}
