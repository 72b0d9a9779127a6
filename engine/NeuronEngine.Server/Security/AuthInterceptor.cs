using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Security;

/// <summary>
/// Authorizes every call: the <see cref="Caller"/> <see cref="AuthenticationMiddleware"/> left on it must hold a role
/// <see cref="CallPolicy"/> lists for the call, and a key that is not an operator's may name only its own tenant in
/// <c>x-tenant</c>. Health needs nobody; reflection anybody authenticated.
/// </summary>
/// <remarks>
/// Runs inside <see cref="Errors.ErrorInterceptor"/>, which maps the exceptions to UNAUTHENTICATED and
/// PERMISSION_DENIED. Fails closed: a call that reached it without a caller (no middleware) is UNAUTHENTICATED. With a
/// cached key, authentication and this check together allocate nothing.
/// </remarks>
internal sealed class AuthInterceptor : CallGuardInterceptor
{
    public const string AuthorizationHeader = CallAuthentication.AuthorizationHeader;

    protected override void Check(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var method = CallAuthentication.Method(http) ?? context.Method;
        if (method.StartsWith(CallPolicy.HealthPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var caller = http.Features.Get<Caller>() ?? throw NeuronException.Unauthenticated("the call was not authenticated");
        if (method.StartsWith(CallPolicy.ReflectionPrefix, StringComparison.Ordinal))
        {
            return;
        }

        CallPolicy.Require(caller, method);

        // The tenant the call names must be the key's (operators name any); checked here so no call can forget it.
        _ = context.GetTenant();
    }
}
