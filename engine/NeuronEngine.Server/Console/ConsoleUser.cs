using NeuronEngine.Engine.Security;
using NeuronEngine.Server.Console.Sessions;
using NeuronEngine.Server.Security;
using NeuronEngine.Server.Tenancy;

namespace NeuronEngine.Server.Console;

/// <summary>
/// Who is using the console for this request, as <see cref="ConsoleGate"/> found them: the <see cref="Caller"/> of the
/// session's key (authenticated again for this request) or the loopback operator, and the tenant they work in.
/// </summary>
internal sealed class ConsoleUser(Caller caller, string tenant, ConsoleSession? session, string? sessionId)
{
    public Caller Caller { get; } = caller;

    /// <summary>The tenant every read and write of this request uses (<see cref="TenantResolver.Resolve"/>).</summary>
    public string Tenant { get; } = tenant;

    /// <summary>The session, or null for a loopback operator who never signed in or switched tenant.</summary>
    public ConsoleSession? Session { get; } = session;

    /// <summary>The session's id as the cookie holds it, or null.</summary>
    public string? SessionId { get; } = sessionId;

    /// <summary>True for a browser on the engine's machine in <c>--auth loopback</c>, acting as the operator without a key.</summary>
    public bool IsLoopbackOperator => ReferenceEquals(Caller, Caller.LoopbackOperator);

    /// <summary>True when the user signed in with a key (and can sign out).</summary>
    public bool SignedIn => Session?.Secret is not null;

    /// <summary>The name audit records give this user: the key's name (the same actor the API records).</summary>
    public string Actor => Caller.Name;

    /// <summary>True when the user's roles allow the gRPC call <paramref name="method"/> (<see cref="CallPolicy"/>).</summary>
    public bool Can(string method) => Caller.Allows(CallPolicy.For(method));

    /// <summary>Why the user may not make <paramref name="method"/> (<c>needs the admin role</c>), or null when they may.</summary>
    public string? WhyNot(string method)
    {
        var needed = CallPolicy.For(method);
        return Caller.Allows(needed) ? null
            : needed == CallPolicy.AnyRole ? "needs a key with a role"
            : $"needs the {CallPolicy.Describe(needed)} role";
    }

    /// <summary>Throws PermissionDenied, as the API would, when the user may not make <paramref name="method"/>.</summary>
    public void Require(string method) => CallPolicy.Require(Caller, method);

    /// <summary>The tenant for a write: PermissionDenied in the reserved <c>shared</c> tenant, as the API answers.</summary>
    public string WritableTenant => TenantResolver.RequireWritable(Tenant);
}
