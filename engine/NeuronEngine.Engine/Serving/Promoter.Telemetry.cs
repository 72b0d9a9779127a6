using System.Diagnostics;
using NeuronEngine.Registry.Models;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Serving;

/// <summary>The one record of every promotion: its log event, its metrics and its span.</summary>
internal sealed partial class Promoter
{
    public const string SpanName = "neuron.promote";

    /// <summary>The <c>Promotion</c> event's id: one event per promotion, whatever its result.</summary>
    public const int PromotionEventId = 1;

    private void Finished(Activity? activity, PromotionTicket ticket, string actor, long milliseconds, string result, string? error)
    {
        metrics.Promotion(ticket.Tenant, result, TimeSpan.FromMilliseconds(milliseconds));
        var level = result == PromotionResults.Ok ? LogLevel.Information : LogLevel.Warning;
        var family = ticket.Target.Family.ToString();
        var oldFamily = ticket.Previous is { } previous ? previous.Family.ToString() : "none";
        var oldVersion = ticket.Previous?.Version ?? 0;
        Log.Promotion(logger, level, ticket.Tenant, ticket.Endpoint, actor, family, ticket.Target.Version, oldFamily, oldVersion, result, milliseconds, error ?? string.Empty);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("neuron.tenant", ticket.Tenant);
        activity.SetTag("neuron.endpoint", ticket.Endpoint);
        activity.SetTag("neuron.model.family", family);
        activity.SetTag("neuron.model.version", ticket.Target.Version);
        activity.SetTag("neuron.model.previous", ticket.Previous?.ToString());
        activity.SetTag("neuron.promotion.result", result);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }
    }

    private static partial class Log
    {
        /// <remarks>Old family <c>none</c> and old version 0 when the endpoint served nothing before.</remarks>
        [LoggerMessage(EventId = PromotionEventId, EventName = "Promotion", Message = "Promotion on {Tenant}/{Endpoint} by {Actor}: {Family}@{NewVersion} (previously {OldFamily}@{OldVersion}) {Result} in {DurationMs} ms {Error}")]
        public static partial void Promotion(
            ILogger logger, LogLevel level, string tenant, string endpoint, string actor, string family, int newVersion,
            string oldFamily, int oldVersion, string result, long durationMs, string error);
    }
}
