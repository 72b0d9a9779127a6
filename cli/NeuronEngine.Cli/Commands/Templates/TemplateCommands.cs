using System.CommandLine;
using System.Globalization;
using NeuronEngine.Cli.Input;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Templates;

/// <summary><c>neuron templates create|list|show|publish|delete</c>.</summary>
internal static class TemplateCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "templates",
        "Signal templates: which event types, with which weights and thresholds, train a model",
        CreateFromFile(app),
        List(app),
        Show(app),
        Publish(app),
        Delete(app));

    private static Command CreateFromFile(CliApp app)
    {
        var file = new Argument<string>("file") { Description = "A YAML (or .json) file: id, name, signals [{type, weight?, threshold?}], min_total_events, tag_filter" };
        var publish = new Option<bool>("--publish") { Description = "Publish it right away (it can then be trained on, and no longer edited)" };
        var command = app.Command("create", "Create a Draft template from a YAML or JSON file", async (cli, ct) =>
        {
            var template = TemplateFile.Read(cli.Get(file)!);
            var created = await cli.Client.Templates.CreateAsync(template, ct: ct);
            if (cli.Get(publish))
            {
                created = await cli.Client.Templates.PublishAsync(created.TemplateId, ct: ct);
            }

            cli.Write(created, () => TemplateView.Render(created));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(file);
        command.Options.Add(publish);
        return command;
    }

    private static Command List(CliApp app)
    {
        var status = new Option<string?>("--status") { Description = "Only draft or published templates" };
        status.AcceptOnlyFromAmong("draft", "published");
        var command = app.Command("list", "List the tenant's templates", async (cli, ct) =>
        {
            var filter = cli.Get(status) switch
            {
                "draft" => TemplateStatus.Draft,
                "published" => TemplateStatus.Published,
                _ => TemplateStatus.Unspecified,
            };
            var templates = await cli.Client.Templates.ListAsync(filter, ct: ct);
            cli.Write(templates, () =>
            {
                var table = CliContext.Table("ID", "NAME", "STATUS", "SIGNALS", "MIN EVENTS", "TAG FILTER", "UPDATED");
                foreach (var t in templates)
                {
                    CliContext.Row(table, t.TemplateId, t.Name, TemplateView.Status(t.Status), TemplateView.SignalSummary(t), t.MinTotalEvents.ToString("N0", CultureInfo.InvariantCulture), t.TagFilter, TemplateView.Time(t.Updated));
                }

                return table;
            });
            return ExitCodes.Ok;
        });
        command.Options.Add(status);
        return command;
    }

    private static Command Show(CliApp app) => ById(app, "show", "Show a template and its signals", (cli, id, ct) => cli.Client.Templates.GetAsync(id, ct: ct));

    private static Command Publish(CliApp app) =>
        ById(app, "publish", "Draft → Published: checks the event types and freezes the signal weights", (cli, id, ct) => cli.Client.Templates.PublishAsync(id, ct: ct));

    private static Command Delete(CliApp app)
    {
        var id = new Argument<string>("id") { Description = "The template id" };
        var command = app.Command("delete", "Delete a template", async (cli, ct) =>
        {
            var deleted = cli.Get(id)!;
            await cli.Client.Templates.DeleteAsync(deleted, ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(new { deleted });
            }

            cli.Line($"Deleted template {deleted}");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(id);
        return command;
    }

    private static Command ById(CliApp app, string name, string description, Func<CliContext, string, CancellationToken, Task<Template>> call)
    {
        var id = new Argument<string>("id") { Description = "The template id" };
        var command = app.Command(name, description, async (cli, ct) =>
        {
            var template = await call(cli, cli.Get(id)!, ct);
            cli.Write(template, () => TemplateView.Render(template));
            return ExitCodes.Ok;
        });
        command.Arguments.Add(id);
        return command;
    }
}
