using Grpc.Core;
using NeuronEngine.Core;

namespace NeuronEngine.Server.Tenancy;

/// <summary>Reads and checks the caller's tenant from the <c>x-tenant</c> request metadata.</summary>
internal static class TenantResolver
{
    public const string Header = "x-tenant";

    public const string ActorHeader = "x-actor";

    /// <summary>The validated tenant of the call; <see cref="TenantId.Default"/> when the metadata names none.</summary>
    public static string GetTenant(this ServerCallContext context)
    {
        var value = context.RequestHeaders.GetValue(Header);
        if (value is null)
        {
            return TenantId.Default;
        }

        if (TenantId.Validate(value) is { } rule)
        {
            NeuronException.ThrowInvalidArgument(Header, rule);
        }

        return value;
    }

    /// <summary>Who is calling, from <c>x-actor</c> metadata (until authentication exists); <c>anonymous</c> when unset.</summary>
    public static string GetActor(this ServerCallContext context)
    {
        var actor = context.RequestHeaders.GetValue(ActorHeader);
        if (string.IsNullOrEmpty(actor))
        {
            return "anonymous";
        }

        if (actor.Length > 128 || actor.Any(char.IsControl))
        {
            NeuronException.ThrowInvalidArgument(ActorHeader, "must be 1-128 characters without control characters");
        }

        return actor;
    }

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
