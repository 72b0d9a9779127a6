using System.Globalization;
using NeuronEngine.Engine.Serving;
using NeuronEngine.Registry.Models;
using NeuronEngine.Registry.Training;
using NeuronEngine.Server.Console.Models;

namespace NeuronEngine.Server.Console.Api;

// Training and models: the production banner and the run page's live parts.
internal static partial class ConsoleApi
{
    /// <summary>How long <c>/console/api/endpoint?since=…</c> waits for a change before answering what it has.</summary>
    private static readonly TimeSpan EndpointWait = TimeSpan.FromSeconds(25);

    private static void MapTrainingAndModels(RouteGroupBuilder api)
    {
        api.MapGet("/endpoint", GetEndpointAsync);
        api.MapGet("/runs/{runId}", GetRun);
    }

    /// <summary>
    /// The production banner, as <c>GetEndpoint</c> computes it (the registry's record through <see cref="IEndpointStatus"/>,
    /// so cluster mode says Updating until every replica serves the new version). With <c>since</c> (the last answer's
    /// token) it waits, as <c>WatchEndpoint</c> does, until the endpoint changes or <see cref="EndpointWait"/> passes.
    /// </summary>
    private static async Task<IResult> GetEndpointAsync(
        HttpContext context, IModelStore store, IEndpointStatus status, EndpointChanges changes, IHostApplicationLifetime lifetime, string? since)
    {
        var user = context.Features.Get<ConsoleUser>()!;
        if (user.WhyNot(ConsoleCalls.GetEndpoint) is { } why)
        {
            return Results.Json(new ConsoleApiError(why, null), ConsoleJsonContext.Default.ConsoleApiError, statusCode: StatusCodes.Status403Forbidden);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        stop.CancelAfter(EndpointWait);
        var stopped = Task.Delay(Timeout.Infinite, stop.Token);
        while (true)
        {
            // Armed before the read, so a change between the read and the wait is not missed.
            var next = changes.NextChange(user.Tenant, NeuronEngine.Engine.Recommend.Recommender.Production);
            var view = ProductionView.Of(await status.ResolveAsync(user.Tenant, store.GetEndpoint(user.Tenant)));
            if (since is null || view.Token != since || await Task.WhenAny(next, stopped) != next)
            {
                return Results.Json(view, ConsoleJsonContext.Default.ProductionView);
            }
        }
    }

    /// <summary>What <c>GetRun</c> and <c>GetRunLogs</c> answer, for the run page's curves, status and log tail.</summary>
    private static IResult GetRun(HttpContext context, IRunStore runs, TimeProvider time, ILoggerFactory loggers, string runId)
    {
        var user = context.Features.Get<ConsoleUser>()!;
        if (user.WhyNot(ConsoleCalls.GetRun) is { } why)
        {
            return Results.Json(new ConsoleApiError(why, null), ConsoleJsonContext.Default.ConsoleApiError, statusCode: StatusCodes.Status403Forbidden);
        }

        TrainingRun run;
        IReadOnlyList<string>? logs;
        try
        {
            run = runs.Get(user.Tenant, runId);
            logs = user.Can(ConsoleCalls.GetRunLogs) ? runs.GetLogs(user.Tenant, runId) : null;
        }
        catch (NeuronEngine.Core.NeuronException ex)
        {
            return Results.Json(
                new ConsoleApiError(Components.ConsolePage.PublicMessage(ex, loggers, context.Request.Path.Value), null),
                ConsoleJsonContext.Default.ConsoleApiError,
                statusCode: Components.ConsolePage.StatusFor(ex));
        }

        var baselines = RunView.Metrics.ToDictionary(m => m, m => RunView.BaselinesOf(run, m), StringComparer.Ordinal);
        var live = new RunLive(
            RunView.Status(run.Status),
            run.IsFinished,
            RunView.Progress(run),
            RunView.DurationText(RunView.Duration(run, time.GetUtcNow())),
            RunView.BestMetric(run) is { } best ? best.ToString("0.0000", CultureInfo.InvariantCulture) : "—",
            run.Spec.Rubric.PrimaryMetric,
            [.. run.EpochResults.Select(e => new EpochLive(e.Epoch, e.Loss, e.Metrics))],
            baselines,
            RunView.EarlyStop(run),
            logs,
            run.Error);
        return Results.Json(live, ConsoleJsonContext.Default.RunLive);
    }
}
