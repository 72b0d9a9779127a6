using System.CommandLine;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.EventTypes;

/// <summary><c>neuron event-types list|get|create|update|delete</c>.</summary>
internal static class EventTypeCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "event-types",
        "Event types: the behaviour signals apps send (click, purchase, …) and their weight 1–100",
        List(app),
        Get(app),
        Upsert(app, "create", "Create an event type"),
        Upsert(app, "update", "Change an event type's name or weight"),
        Delete(app));

    private static Command List(CliApp app) => app.Command("list", "List the tenant's event types", async (cli, ct) =>
    {
        var types = await cli.Client.EventTypes.ListAsync(ct: ct);
        cli.Write(types, () => Render(types));
        return ExitCodes.Ok;
    });

    private static Command Get(CliApp app)
    {
        var type = new Argument<string>("type") { Description = "The event type, e.g. click" };
        var command = app.Command("get", "Show one event type", async (cli, ct) =>
        {
            var found = await cli.Client.EventTypes.GetAsync(cli.Get(type)!, ct: ct);
            cli.Write(found, () => Render([found]));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(type);
        return command;
    }

    private static Command Upsert(CliApp app, string verb, string description)
    {
        var type = new Argument<string>("type") { Description = "The stable type string apps send, e.g. purchase" };
        var name = new Option<string?>("--name") { Description = "A human name (default: the type)" };
        var weight = new Option<int>("--weight", "-w") { Description = "How informative the signal is, 1–100", Required = verb == "create" };
        var command = app.Command(verb, description, async (cli, ct) =>
        {
            var eventType = new EventType { Type = cli.Get(type)!, Name = cli.Get(name) ?? cli.Get(type)!, Weight = cli.Get(weight) };
            var weightGiven = cli.Parse.GetResult(weight) is not null;
            if (verb == "update" && (!weightGiven || cli.Get(name) is null))
            {
                // An update sends the whole event type: fill what the command line left out from the stored one.
                var stored = await cli.Client.EventTypes.GetAsync(eventType.Type, ct: ct);
                eventType.Name = cli.Get(name) ?? stored.Name;
                eventType.Weight = weightGiven ? cli.Get(weight) : stored.Weight;
            }

            var saved = verb == "create"
                ? await cli.Client.EventTypes.CreateAsync(eventType, ct: ct)
                : await cli.Client.EventTypes.UpdateAsync(eventType, ct: ct);
            cli.Write(saved, () => Render([saved]));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(type);
        command.Options.Add(name);
        command.Options.Add(weight);
        return command;
    }

    private static Command Delete(CliApp app)
    {
        var type = new Argument<string>("type") { Description = "The event type to delete" };
        var command = app.Command("delete", "Delete an event type (refused while a published template uses it)", async (cli, ct) =>
        {
            var deleted = cli.Get(type)!;
            await cli.Client.EventTypes.DeleteAsync(deleted, ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(new { deleted });
            }

            cli.Line($"Deleted event type {deleted}");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(type);
        return command;
    }

    private static Spectre.Console.Table Render(IEnumerable<EventType> types)
    {
        var table = CliContext.Table("TYPE", "NAME", "WEIGHT", "UPDATED");
        foreach (var t in types)
        {
            CliContext.Row(table, t.Type, t.Name, t.Weight, t.Updated?.ToDateTimeOffset().ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }
}
