using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Cli.Input;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Events;

/// <summary><c>neuron events import|track|stats</c>.</summary>
internal static class EventCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "events",
        "Behaviour events: import files, track one event, see counts",
        EventImportCommand.Create(app),
        Track(app),
        Stats(app));

    private static Command Track(CliApp app)
    {
        var user = new Option<string>("--user", "-u") { Description = "The user who acted", Required = true };
        var item = new Option<string>("--item", "-i") { Description = "The item acted on", Required = true };
        var type = new Option<string>("--type") { Description = "An event type of the tenant, e.g. purchase", Required = true };
        var at = new Option<string?>("--timestamp") { Description = "When it happened: ISO 8601 or Unix seconds (default: now, by the engine's clock)" };
        var tags = new Option<string[]>("--tag") { Description = "A scoping tag name:value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var id = new Option<string?>("--event-id") { Description = "An idempotency key: sending the same id again is counted as a duplicate" };
        var command = app.Command("track", "Track one event (weights come from the event type)", async (cli, ct) =>
        {
            var e = new Event { UserId = cli.Get(user)!, ItemId = cli.Get(item)!, Type = cli.Get(type)!, EventId = cli.Get(id) ?? "" };
            e.Tags.Add(cli.Get(tags) ?? []);
            if (cli.Get(at) is { } text)
            {
                try
                {
                    e.Timestamp = Timestamp.FromDateTimeOffset(EventRow.ParseTime(text));
                }
                catch (RowException ex)
                {
                    throw new CliException($"--{ex.Message}");
                }
            }

            var response = await cli.Client.Events.TrackAsync([e], ct);
            if (cli.Json)
            {
                cli.WriteJson(response);
            }

            cli.Line(response.Duplicates > 0
                ? $"Already stored: {e.Type} by {e.UserId} on {e.ItemId} (event id {e.EventId} was sent before)"
                : $"Tracked {e.Type} by {e.UserId} on {e.ItemId}");
            return ExitCodes.Ok;
        });
        command.Options.Add(user);
        command.Options.Add(item);
        command.Options.Add(type);
        command.Options.Add(at);
        command.Options.Add(tags);
        command.Options.Add(id);
        return command;
    }

    private static Command Stats(CliApp app)
    {
        var template = new Option<string?>("--template") { Description = "Also check this template's signals against their thresholds" };
        var command = app.Command("stats", "Event counts per type, distinct users and items; with --template, whether a run could start", async (cli, ct) =>
        {
            var stats = await cli.Client.Events.GetStatsAsync(cli.Get(template), ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(stats);
                return ExitCodes.Ok;
            }

            var types = CliContext.Table("TYPE", "EVENTS");
            foreach (var t in stats.Types_)
            {
                CliContext.Row(types, t.Type, t.Count.ToString("N0", CultureInfo.InvariantCulture));
            }

            cli.Console.Ansi.Write(types);
            cli.Line(string.Create(CultureInfo.InvariantCulture, $"{stats.Total:N0} events from {stats.DistinctUsers:N0} users on {stats.DistinctItems:N0} items"));
            if (stats.Template is { } t2)
            {
                WriteTemplate(cli, t2);
            }

            return ExitCodes.Ok;
        });
        command.Options.Add(template);
        return command;
    }

    private static void WriteTemplate(CliContext cli, TemplateStats stats)
    {
        var signals = CliContext.Table("SIGNAL", "EVENTS", "THRESHOLD", "PASSES");
        foreach (var s in stats.Signals)
        {
            CliContext.Row(signals, s.Type, s.Count.ToString("N0", CultureInfo.InvariantCulture), s.Threshold.ToString("N0", CultureInfo.InvariantCulture), s.Passes ? "yes" : "no");
        }

        cli.Line("");
        cli.Line($"Template {stats.TemplateId}:");
        cli.Console.Ansi.Write(signals);
        cli.Line(string.Create(
            CultureInfo.InvariantCulture,
            $"Total of passing signals {stats.Total:N0}, minimum {stats.MinTotalEvents:N0}: {(stats.MinTotalMet ? "a run can start" : "not enough events for a run yet")}"));
    }
}
