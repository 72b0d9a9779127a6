using System.CommandLine;
using System.Globalization;
using NeuronEngine.Contracts.V1;
using Spectre.Console;

namespace NeuronEngine.Cli.Commands.Models;

/// <summary><c>neuron models families|versions|show|approve|label</c>, and the serving commands of <see cref="ModelServingCommands"/>.</summary>
internal static class ModelCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "models",
        "Model families and versions: approve, label, promote, roll back, see what serves",
        Families(app),
        Versions(app),
        Show(app),
        Approve(app),
        Label(app),
        ModelServingCommands.Promote(app),
        ModelServingCommands.Rollback(app),
        ModelServingCommands.Status(app),
        ModelServingCommands.History(app));

    private static Command Families(CliApp app) => app.Command("families", "List model families (the tenant's and the shared base families)", async (cli, ct) =>
    {
        var families = await cli.Client.Models.ListFamiliesAsync(ct: ct);
        cli.Write(families, () =>
        {
            var table = CliContext.Table("FAMILY", "OWNER", "LATEST", "PRODUCTION");
            foreach (var f in families)
            {
                CliContext.Row(table, f.Family_, f.Tenant, $"v{f.LatestVersion}", f.HasProductionVersion ? $"v{f.ProductionVersion}" : "-");
            }

            return table;
        });
        return ExitCodes.Ok;
    });

    private static Command Versions(CliApp app)
    {
        var family = ModelArguments.Family();
        var command = app.Command("versions", "List a family's versions, newest first", async (cli, ct) =>
        {
            var versions = await cli.Client.Models.ListVersionsAsync(cli.Get(family)!, ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(versions);
                return ExitCodes.Ok;
            }

            var serving = await cli.Client.Models.GetEndpointAsync(ct: ct);
            var table = CliContext.Table("VERSION", "NAME", "STATUS", "LABELS", "METRICS", "CREATED", "SERVING");
            foreach (var v in versions)
            {
                var served = serving.Status != EndpointStatus.None && serving.Family == v.Family && serving.Version == v.Version;
                CliContext.Row(table, $"v{v.Version}", v.Name, ModelView.Status(v.Status), v.Label, ModelView.Metrics(v.Metrics, 2), ModelView.Time(v.Created), served ? serving.Name : "");
            }

            cli.Console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        command.Arguments.Add(family);
        return command;
    }

    private static Command Show(CliApp app)
    {
        var (family, version) = (ModelArguments.Family(), ModelArguments.Version());
        var command = app.Command("show", "Show a version: status, labels, metrics and how it was made", async (cli, ct) =>
        {
            var v = await cli.Client.Models.GetVersionAsync(cli.Get(family)!, cli.Get(version), ct: ct);
            cli.Write(v, () =>
            {
                var fields = CliContext.Table("FIELD", "VALUE");
                CliContext.Row(fields, "version", ModelView.Version(v.Family, v.Version));
                CliContext.Row(fields, "name", v.Name);
                CliContext.Row(fields, "status", ModelView.Status(v.Status));
                CliContext.Row(fields, "labels", v.Label.Length > 0 ? v.Label : "(none)");
                CliContext.Row(fields, "description", v.Description);
                CliContext.Row(fields, "created", ModelView.Time(v.Created));
                CliContext.Row(fields, "run", v.RunId);
                foreach (var (field, value) in ModelView.ManifestSummary(v.Manifest))
                {
                    CliContext.Row(fields, field, value);
                }

                var metrics = CliContext.Table("METRIC", "VALUE");
                foreach (var (name, value) in v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    CliContext.Row(metrics, name, value.ToString("0.####", CultureInfo.InvariantCulture));
                }

                return new Rows(fields, metrics);
            });
            return ExitCodes.Ok;
        });
        command.Arguments.Add(family);
        command.Arguments.Add(version);
        return command;
    }

    private static Command Approve(CliApp app)
    {
        var (family, version) = (ModelArguments.Family(), ModelArguments.Version());
        var command = app.Command("approve", "Pending → Approved (recorded with the API key's name); does not change what is served", async (cli, ct) =>
        {
            var v = await cli.Client.Models.ApproveVersionAsync(cli.Get(family)!, cli.Get(version), ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(v);
            }

            cli.Line($"Approved {ModelView.Version(v.Family, v.Version)} ({v.Name}); promote it with: neuron models promote {v.Family} {v.Version}");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(family);
        command.Arguments.Add(version);
        return command;
    }

    private static Command Label(CliApp app)
    {
        var (family, version) = (ModelArguments.Family(), ModelArguments.Version());
        var labels = new Argument<string[]>("labels") { Description = "Labels to add (or remove), e.g. candidate baseline", Arity = ArgumentArity.OneOrMore };
        var remove = new Option<bool>("--remove") { Description = "Remove the labels instead of adding them" };
        var command = app.Command("label", "Add labels to a version (or --remove them); kept comma-separated in its label", async (cli, ct) =>
        {
            var (name, number) = (cli.Get(family)!, cli.Get(version));
            var given = cli.Get(labels)!.SelectMany(ModelView.Labels).ToList();
            if (given.Count == 0)
            {
                throw new CliException("labels: give at least one non-empty label");
            }

            var current = ModelView.Labels((await cli.Client.Models.GetVersionAsync(name, number, ct: ct)).Label);
            var next = cli.Get(remove)
                ? current.Where(l => !given.Contains(l, StringComparer.Ordinal)).ToList()
                : [.. current, .. given.Where(l => !current.Contains(l, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];
            var v = await cli.Client.Models.UpdateVersionAsync(new UpdateVersionRequest { Family = name, Version = number, Label = string.Join(",", next) }, ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(v);
            }

            cli.Line($"{ModelView.Version(v.Family, v.Version)} labels: {(v.Label.Length > 0 ? v.Label : "(none)")}");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(family);
        command.Arguments.Add(version);
        command.Arguments.Add(labels);
        command.Options.Add(remove);
        return command;
    }
}
