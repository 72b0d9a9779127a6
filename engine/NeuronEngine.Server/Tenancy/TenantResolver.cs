using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;

namespace NeuronEngine.Server.Tenancy;

/// <summary>
/// The caller of a call (left by <see cref="Security.AuthenticationMiddleware"/>) and the tenant it acts in: the key's own, or
/// for an operator whatever <c>x-tenant</c> names.
/// </summary>
internal static class TenantResolver
{
    public const string Header = "x-tenant";

    /// <summary>Who is calling. Throws Unauthenticated if the call did not pass the auth interceptor (it always does).</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.GetHttpContext().Features.Get<Caller>() ?? throw NeuronException.Unauthenticated("the call was not authenticated");

    /// <summary>
    /// The tenant of the call: <c>x-tenant</c> when it names one (validated), otherwise the key's. A key that is not an
    /// operator's may name only its own tenant: PermissionDenied otherwise.
    /// </summary>
    public static string GetTenant(this ServerCallContext context)
    {
        var caller = context.GetCaller();
        var value = context.GetHttpContext().Request.Headers[Header].ToString();
        if (value.Length == 0)
        {
            return caller.Tenant;
        }

        if (TenantId.Validate(value) is { } rule)
        {
            NeuronException.ThrowInvalidArgument(Header, rule);
        }

        if (!caller.IsOperator && !string.Equals(value, caller.Tenant, StringComparison.Ordinal))
        {
            throw NeuronException.PermissionDenied(Header, $"key \"{caller.Name}\" belongs to tenant \"{caller.Tenant}\", not \"{value}\"");
        }

        return value;
    }

    /// <summary>Who is calling, as audit records name it: the key's name.</summary>
    public static string GetActor(this ServerCallContext context) => context.GetCaller().Name;

    /// <summary>The tenant of a call that writes tenant data; the reserved <c>shared</c> tenant holds only base models.</summary>
    public static string GetWritableTenant(this ServerCallContext context)
    {
        var tenant = context.GetTenant();
        if (tenant == TenantId.Shared)
        {
            throw NeuronException.PermissionDenied(Header, $"tenant \"{TenantId.Shared}\" is reserved for base models");
        }

        return tenant;
    }
}
