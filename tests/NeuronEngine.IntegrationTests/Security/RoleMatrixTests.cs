using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;

namespace NeuronEngine.IntegrationTests.Security;

/// <summary>
/// Every neuron.v1 call × every role, on an engine with <c>--auth required</c>: a role the call does not allow gets
/// PERMISSION_DENIED naming the authorization (and the role needed); a role it allows gets past auth (whatever the empty
/// request then earns: INVALID_ARGUMENT, NOT_FOUND, …). The expected table is written here from the issue, not read from
/// the engine's own policy, and must name every call the contracts define.
/// </summary>
public sealed class RoleMatrixTests(RequiredAuthEngine engine) : IClassFixture<RequiredAuthEngine>
{
    private const string Tenant = "acme";

    /// <summary>Call → the roles (besides admin, which holds every role of its tenant, and operator) that may make it; "operator" alone = operator only.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["EventTypeService/CreateEventType"] = ["admin"],
        ["EventTypeService/UpdateEventType"] = ["admin"],
        ["EventTypeService/DeleteEventType"] = ["admin"],
        ["EventTypeService/GetEventType"] = ["ingest", "serve", "train", "models"],
        ["EventTypeService/ListEventTypes"] = ["ingest", "serve", "train", "models"],
        ["EventService/Track"] = ["ingest"],
        ["EventService/TrackStream"] = ["ingest"],
        ["EventService/GetEventStats"] = ["ingest", "serve", "train", "models"],
        ["CatalogService/UpsertItems"] = ["ingest"],
        ["CatalogService/DeleteItems"] = ["ingest"],
        ["CatalogService/GetItem"] = ["ingest", "serve"],
        ["CatalogService/ListItems"] = ["ingest", "serve"],
        ["TemplateService/CreateTemplate"] = ["train"],
        ["TemplateService/UpdateTemplate"] = ["train"],
        ["TemplateService/GetTemplate"] = ["train"],
        ["TemplateService/ListTemplates"] = ["train"],
        ["TemplateService/PublishTemplate"] = ["train"],
        ["TemplateService/DeleteTemplate"] = ["train"],
        ["TrainingService/StartRun"] = ["train"],
        ["TrainingService/GetRun"] = ["train", "models"],
        ["TrainingService/ListRuns"] = ["train", "models"],
        ["TrainingService/StopRun"] = ["train"],
        ["TrainingService/WatchRun"] = ["train", "models"],
        ["TrainingService/GetRunLogs"] = ["train", "models"],
        ["TrainingService/UploadDataset"] = ["train"],
        ["TrainingService/ListDatasets"] = ["train"],
        ["TrainingService/DeleteDataset"] = ["train"],
        ["ModelService/ListFamilies"] = ["serve", "models", "train"],
        ["ModelService/ListVersions"] = ["serve", "models", "train"],
        ["ModelService/GetVersion"] = ["serve", "models", "train"],
        ["ModelService/UpdateVersion"] = ["models"],
        ["ModelService/ApproveVersion"] = ["models"],
        ["ModelService/RegisterVersion"] = ["models"],
        ["ModelService/Promote"] = ["models"],
        ["ModelService/GetEndpoint"] = ["serve", "models", "train"],
        ["ModelService/WatchEndpoint"] = ["serve", "models", "train"],
        ["ModelService/ListPromotions"] = ["serve", "models", "train"],
        ["RecommendationService/Recommend"] = ["serve"],
        ["RecommendationService/SimilarItems"] = ["serve"],
        ["RunLeaseService/LeaseRun"] = ["operator"],
        ["RunLeaseService/RenewLease"] = ["operator"],
        ["RunLeaseService/ReportEpoch"] = ["operator"],
        ["RunLeaseService/AppendRunLogs"] = ["operator"],
        ["RunLeaseService/CompleteRun"] = ["operator"],
        ["AdminService/Backup"] = ["operator"],
        ["AdminService/GetClusterStatus"] = ["operator"],
        ["KeyService/CreateKey"] = ["admin"],
        ["KeyService/ListKeys"] = ["admin"],
        ["KeyService/RevokeKey"] = ["admin"],
    };

    private static readonly string[] Roles = ["ingest", "serve", "train", "models", "admin", "operator"];

    [Fact]
    public void Table_NamesEveryCallTheContractsDefine()
    {
        var defined = Services().SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}")).Order().ToList();
        Assert.Equal(defined, Allowed.Keys.Order().ToList());
    }

    [Fact]
    public async Task EveryCall_EveryRole_AllowedOrPermissionDeniedNamingTheRole()
    {
        using var channel = Callers.Channel(engine.Address);
        var operatorInvoker = Callers.Invoker(channel, engine.OperatorSecret);
        var failures = new List<string>();
        foreach (var role in Roles)
        {
            var (_, secret) = await Callers.CreateKeyAsync(operatorInvoker, $"matrix-{role}", Tenant, role);
            var invoker = Callers.Invoker(channel, secret);
            foreach (var service in Services())
            {
                foreach (var method in service.Methods)
                {
                    var call = $"{service.Name}/{method.Name}";
                    var expected = Allowed[call];
                    var allowed = role == "operator" || expected.Contains(role) || (role == "admin" && !expected.SequenceEqual(["operator"]));
                    var (status, field, detail) = await CallAsync(invoker, method);
                    var denied = status == StatusCode.PermissionDenied && field == "authorization";
                    if (allowed == denied || status == StatusCode.Unauthenticated)
                    {
                        failures.Add($"{role} {call}: expected {(allowed ? "allowed" : "denied")}, got {status} ({detail})");
                    }
                    else if (denied && !detail.Contains("role this call needs", StringComparison.Ordinal))
                    {
                        failures.Add($"{role} {call}: the refusal does not name the role needed: {detail}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryCall_WithoutKey_Unauthenticated()
    {
        using var channel = Callers.Channel(engine.Address);
        var invoker = Callers.Invoker(channel, secret: null);
        foreach (var service in Services())
        {
            foreach (var method in service.Methods)
            {
                var (status, _, detail) = await CallAsync(invoker, method);
                Assert.True(status == StatusCode.Unauthenticated, $"{service.Name}/{method.Name}: {status} {detail}");
            }
        }
    }

    [Fact]
    public async Task PathInAnotherCase_JudgedAsTheMethodItReaches()
    {
        // Routing takes a path in any case; the role needed is the method's it reaches, not "operator" for an unknown name.
        using var channel = Callers.Channel(engine.Address);
        var (_, secret) = await Callers.CreateKeyAsync(Callers.Invoker(channel, engine.OperatorSecret), "case-serve", Tenant, "serve");
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var listFamilies = new Method<byte[], byte[]>(MethodType.Unary, "neuron.v1.modelservice", "listfamilies", bytes, bytes);
        await Callers.Invoker(channel, secret).AsyncUnaryCall(listFamilies, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), []).ResponseAsync;

        var track = new Method<byte[], byte[]>(MethodType.Unary, "neuron.v1.eventservice", "TRACK", bytes, bytes);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Callers.Invoker(channel, secret).AsyncUnaryCall(track, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), []).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("(ingest or admin)", ex.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>Every neuron.v1 service the contracts assembly defines.</summary>
    private static IEnumerable<ServiceDescriptor> Services() =>
        typeof(TrackRequest).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static) is not null)
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
            .SelectMany(f => f.Services)
            .Where(s => s.File.Package == "neuron.v1");

    /// <summary>Makes the call with an empty request (and an empty request stream); returns the status it ends with.</summary>
    private static async Task<(StatusCode Status, string? Field, string Detail)> CallAsync(CallInvoker invoker, MethodDescriptor descriptor)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, bytes, bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []).ResponseAsync;
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                    {
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }

                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                    }

                    break;
            }

            return (StatusCode.OK, null, "");
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Trailers.GetValue("x-error-field"), ex.Status.Detail);
        }
    }
}
