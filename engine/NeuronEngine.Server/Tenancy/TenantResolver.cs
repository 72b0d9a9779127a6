using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;

namespace NeuronEngine.Server.Tenancy;

/// <summary>
/// The caller of a call (left by <see cref="Security.AuthenticationMiddleware"/>) and the tenant it acts in: the key's own, or
/// for an operator whatever <c>x-tenant</c> names. The rules are <see cref="Resolve"/> and <see cref="RequireWritable"/>,
/// which the web console applies to its own requests too.
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
    public static string GetTenant(this ServerCallContext context) =>
        Resolve(context.GetCaller(), context.GetHttpContext().Request.Headers[Header].ToString());

    /// <summary>
    /// The tenant <paramref name="caller"/> acts in when it names <paramref name="requested"/>: the key's own when it
    /// names none; the named one when it is valid and the caller may act there (operators in any tenant, other keys only
    /// in their own). Throws InvalidArgument or PermissionDenied, naming <c>x-tenant</c>.
    /// </summary>
    public static string Resolve(Caller caller, string? requested)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrEmpty(requested))
        {
            return caller.Tenant;
        }

        if (TenantId.Validate(requested) is { } rule)
        {
            NeuronException.ThrowInvalidArgument(Header, rule);
        }

        if (!caller.IsOperator && !string.Equals(requested, caller.Tenant, StringComparison.Ordinal))
        {
            throw NeuronException.PermissionDenied(Header, $"key \"{caller.Name}\" belongs to tenant \"{caller.Tenant}\", not \"{requested}\"");
        }

        return requested;
    }

    /// <summary>Who is calling, as audit records name it: the key's name.</summary>
    public static string GetActor(this ServerCallContext context) => context.GetCaller().Name;

    /// <summary>The tenant of a call that writes tenant data; the reserved <c>shared</c> tenant holds only base models.</summary>
    public static string GetWritableTenant(this ServerCallContext context) => RequireWritable(context.GetTenant());

    /// <summary>Returns <paramref name="tenant"/> when tenant data may be written there; PermissionDenied for <c>shared</c>.</summary>
    public static string RequireWritable(string tenant)
    {
        if (tenant == TenantId.Shared)
        {
            throw NeuronException.PermissionDenied(Header, $"tenant \"{TenantId.Shared}\" is reserved for base models");
        }

        return tenant;
    }
}
