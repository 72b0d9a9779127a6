using NeuronEngine.Engine.Storage;
using NeuronEngine.Engine.Templates;
using NeuronEngine.Registry.Templates;

namespace NeuronEngine.Server.Console.Api;

/// <summary>
/// The small JSON GET endpoints under <c>/console/api/</c> that the console's script polls for the live parts of a
/// page. Each reads through the same engine classes as the gRPC call it mirrors, as the signed-in user, with that call's
/// role check (<see cref="ConsoleCalls"/>); sessions and sign-in are <see cref="ConsoleGate"/>'s.
/// </summary>
internal static partial class ConsoleApi
{
    public const string Prefix = "/console/api";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).WithMetadata(ConsoleEndpoint.Api);
        api.MapGet("/events/counts", GetEventCounts);
        MapTrainingAndModels(api);
    }

    /// <summary>What <c>GetEventStats</c> reports: the counters' stats, and for each template <see cref="TemplateReadiness"/>.</summary>
    private static IResult GetEventCounts(HttpContext context, EngineStorage storage, ITemplateStore templates)
    {
        var user = context.Features.Get<ConsoleUser>()!;
        if (user.WhyNot(ConsoleCalls.GetEventStats) is { } why)
        {
            return Results.Json(new ConsoleApiError(why, null), ConsoleJsonContext.Default.ConsoleApiError, statusCode: StatusCodes.Status403Forbidden);
        }

        var stats = storage.Counters.GetStats(user.Tenant);
        var readiness = user.Can(ConsoleCalls.ListTemplates)
            ? templates.List(user.Tenant).Select(t => ToCounts(t, TemplateReadiness.Evaluate(t, stats))).ToList()
            : [];
        var counts = new EventCounts(user.Tenant, stats.TotalEvents, stats.EventsByType, readiness);
        return Results.Json(counts, ConsoleJsonContext.Default.EventCounts);
    }

    private static TemplateCounts ToCounts(Template template, TemplateReadiness readiness) => new(
        template.TemplateId,
        readiness.Ready,
        readiness.Total,
        readiness.MinTotalEvents,
        readiness.Ready ? null : readiness.Explain(),
        [.. readiness.Signals.Select(s => new SignalCounts(s.Type, s.Count, s.Threshold, s.Passes))]);
}
