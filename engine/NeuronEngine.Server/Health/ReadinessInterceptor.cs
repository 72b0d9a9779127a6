using NeuronEngine.Engine.Storage;
using Grpc.Core;
using NeuronEngine.Core;
using NeuronEngine.Server.Hosting;
using NeuronEngine.Server.Security;

namespace NeuronEngine.Server.Health;

/// <summary>
/// Until start-up has finished (<see cref="EngineReadiness.IsReady"/>), answers every neuron.v1 call UNAVAILABLE, so
/// none can reach counters still replaying or a model host still loading. Health and reflection always answer, and so
/// does the run lease service, which needs only the registry: a trainer keeps its lease through a long recovery.
/// </summary>
/// <remarks>Runs inside <see cref="Errors.ErrorInterceptor"/>, which maps the exception to the status.</remarks>
internal sealed class ReadinessInterceptor(EngineReadiness readiness) : CallGuardInterceptor
{
    private const string Guarded = "/neuron.v1.";
    private const string RegistryOnly = "/neuron.v1.RunLeaseService/";

    protected override void Check(ServerCallContext context)
    {
        if (readiness.IsReady)
        {
            return;
        }

        // The method as the service defines it: routing also takes other cases and a trailing slash.
        var method = CallAuthentication.Method(context);
        if (method.StartsWith(Guarded, StringComparison.Ordinal) && !method.StartsWith(RegistryOnly, StringComparison.Ordinal))
        {
            throw NeuronException.Unavailable(
                "the engine is starting: it is recovering the event log and counters and loading the promoted models; retry once health reports SERVING");
        }
    }
}
