using System.Collections.Frozen;
using NeuronEngine.Core;
using NeuronEngine.Engine.Security;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Server.Security;

/// <summary>The one table of which roles each call needs. A call missing from it needs <c>operator</c> (closed by default).</summary>
internal static class CallPolicy
{
    /// <summary>Any key of the tenant, whatever its roles.</summary>
    public const Roles AnyRole = Roles.Ingest | Roles.Serve | Roles.Train | Roles.Models | Roles.Admin;

    /// <summary>Health answers without a key (load balancers and orchestrators probe it).</summary>
    public const string HealthPrefix = "/grpc.health.v1.Health/";

    /// <summary>Reflection answers any key, or a loopback caller without one (in either mode).</summary>
    public const string ReflectionPrefix = "/grpc.reflection.";

    private static readonly FrozenDictionary<string, Roles> Needed = new Dictionary<string, Roles>(StringComparer.Ordinal)
    {
        ["/neuron.v1.EventTypeService/CreateEventType"] = Roles.Admin,
        ["/neuron.v1.EventTypeService/UpdateEventType"] = Roles.Admin,
        ["/neuron.v1.EventTypeService/DeleteEventType"] = Roles.Admin,
        ["/neuron.v1.EventTypeService/GetEventType"] = AnyRole,
        ["/neuron.v1.EventTypeService/ListEventTypes"] = AnyRole,

        ["/neuron.v1.EventService/Track"] = Roles.Ingest,
        ["/neuron.v1.EventService/TrackStream"] = Roles.Ingest,
        ["/neuron.v1.EventService/GetEventStats"] = AnyRole,

        ["/neuron.v1.CatalogService/UpsertItems"] = Roles.Ingest,
        ["/neuron.v1.CatalogService/DeleteItems"] = Roles.Ingest,
        ["/neuron.v1.CatalogService/GetItem"] = Roles.Serve | Roles.Ingest,
        ["/neuron.v1.CatalogService/ListItems"] = Roles.Serve | Roles.Ingest,

        ["/neuron.v1.TemplateService/CreateTemplate"] = Roles.Train,
        ["/neuron.v1.TemplateService/UpdateTemplate"] = Roles.Train,
        ["/neuron.v1.TemplateService/GetTemplate"] = Roles.Train,
        ["/neuron.v1.TemplateService/ListTemplates"] = Roles.Train,
        ["/neuron.v1.TemplateService/PublishTemplate"] = Roles.Train,
        ["/neuron.v1.TemplateService/DeleteTemplate"] = Roles.Train,

        ["/neuron.v1.TrainingService/StartRun"] = Roles.Train,
        ["/neuron.v1.TrainingService/StopRun"] = Roles.Train,
        ["/neuron.v1.TrainingService/UploadDataset"] = Roles.Train,
        ["/neuron.v1.TrainingService/DeleteDataset"] = Roles.Train,
        ["/neuron.v1.TrainingService/ListDatasets"] = Roles.Train,
        ["/neuron.v1.TrainingService/GetRun"] = Roles.Train | Roles.Models,
        ["/neuron.v1.TrainingService/ListRuns"] = Roles.Train | Roles.Models,
        ["/neuron.v1.TrainingService/WatchRun"] = Roles.Train | Roles.Models,
        ["/neuron.v1.TrainingService/GetRunLogs"] = Roles.Train | Roles.Models,

        ["/neuron.v1.ModelService/ListFamilies"] = Roles.Serve | Roles.Models | Roles.Train,
        ["/neuron.v1.ModelService/ListVersions"] = Roles.Serve | Roles.Models | Roles.Train,
        ["/neuron.v1.ModelService/GetVersion"] = Roles.Serve | Roles.Models | Roles.Train,
        ["/neuron.v1.ModelService/GetEndpoint"] = Roles.Serve | Roles.Models | Roles.Train,
        ["/neuron.v1.ModelService/WatchEndpoint"] = Roles.Serve | Roles.Models | Roles.Train,
        ["/neuron.v1.ModelService/ListPromotions"] = Roles.Serve | Roles.Models | Roles.Train,
        ["/neuron.v1.ModelService/UpdateVersion"] = Roles.Models,
        ["/neuron.v1.ModelService/ApproveVersion"] = Roles.Models,
        ["/neuron.v1.ModelService/RegisterVersion"] = Roles.Models,
        ["/neuron.v1.ModelService/Promote"] = Roles.Models,

        ["/neuron.v1.RecommendationService/Recommend"] = Roles.Serve,
        ["/neuron.v1.RecommendationService/SimilarItems"] = Roles.Serve,

        // Trainers lease runs of every tenant.
        ["/neuron.v1.RunLeaseService/LeaseRun"] = Roles.Operator,
        ["/neuron.v1.RunLeaseService/RenewLease"] = Roles.Operator,
        ["/neuron.v1.RunLeaseService/ReportEpoch"] = Roles.Operator,
        ["/neuron.v1.RunLeaseService/AppendRunLogs"] = Roles.Operator,
        ["/neuron.v1.RunLeaseService/CompleteRun"] = Roles.Operator,

        ["/neuron.v1.AdminService/Backup"] = Roles.Operator,
        ["/neuron.v1.AdminService/GetClusterStatus"] = Roles.Operator,

        // KeyAdministration adds the tenant rules (an admin manages its own tenant's keys, never operator keys).
        ["/neuron.v1.KeyService/CreateKey"] = Roles.Admin,
        ["/neuron.v1.KeyService/ListKeys"] = Roles.Admin,
        ["/neuron.v1.KeyService/RevokeKey"] = Roles.Admin,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every method the table names (for tests that check it against the services).</summary>
    public static IEnumerable<string> Methods => Needed.Keys;

    /// <summary>The roles, any of which lets a key make the call <paramref name="method"/> (<c>/package.Service/Method</c>).</summary>
    public static Roles For(string method) => Needed.TryGetValue(method, out var roles) ? roles : Roles.Operator;

    /// <summary>
    /// Throws PermissionDenied (naming the <c>authorization</c> header) when <paramref name="caller"/> lacks every role
    /// <paramref name="method"/> needs. The gRPC calls (<see cref="AuthInterceptor"/>) and the web console's actions
    /// both refuse through here.
    /// </summary>
    public static void Require(Caller caller, string method)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var needed = For(method);
        if (!caller.Allows(needed))
        {
            throw NeuronException.PermissionDenied(CallAuthentication.AuthorizationHeader,
                $"key \"{caller.Name}\" lacks the role this call needs ({Describe(needed)})");
        }
    }

    /// <summary>The role to name when a call is refused: the narrowest one that would allow it.</summary>
    public static string Describe(Roles needed)
    {
        var names = RoleNames.Names(needed);
        return needed == AnyRole ? "any role" : needed == Roles.Operator || needed == Roles.Admin
            ? names[0]
            : string.Join(" or ", names.Append(RoleNames.Name(Roles.Admin)));
    }
}
