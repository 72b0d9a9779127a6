using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuronEngine.Cli.Output;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Models;

/// <summary><c>neuron models promote|rollback|status|history</c>: what an endpoint serves, and changing it.</summary>
/// <remarks>
/// The serving endpoint is named with <c>--model-endpoint</c> (alias <c>--on</c>) because <c>--endpoint</c> is the global
/// option for the engine's address. Unset means <c>production</c>, the endpoint Recommend reads.
/// </remarks>
internal static class ModelServingCommands
{
    /// <summary>Promotion loads, checks and warms a model: it may rightly outlast the per-call --timeout.</summary>
    private static readonly TimeSpan PromoteDeadline = TimeSpan.FromMinutes(10);

    public static Command Promote(CliApp app)
    {
        var (family, version, endpoint) = (ModelArguments.Family(), ModelArguments.Version(), EndpointOption());
        var command = app.Command("promote", "Serve an approved version on an endpoint (hot swap); prints old → new", async (cli, ct) =>
        {
            var before = await cli.Client.Models.GetEndpointAsync(cli.Get(endpoint), ct: ct);
            var watch = Stopwatch.StartNew();
            var after = await cli.Client.Models.PromoteAsync(cli.Get(family)!, cli.Get(version), cli.Get(endpoint), Deadline(cli), ct);
            Report(cli, "Promoted", before, after, watch.Elapsed);
            return ExitCodes.Ok;
        });
        command.Arguments.Add(family);
        command.Arguments.Add(version);
        command.Options.Add(endpoint);
        return command;
    }

    public static Command Rollback(CliApp app)
    {
        var endpoint = EndpointOption();
        var command = app.Command("rollback", "Serve again the version the endpoint served successfully before the current one", async (cli, ct) =>
        {
            var before = await cli.Client.Models.GetEndpointAsync(cli.Get(endpoint), ct: ct);
            if (before.Status == EndpointStatus.None)
            {
                throw new CliException($"FAILED_PRECONDITION: nothing is promoted on {before.Name}; there is nothing to roll back", ExitCodes.Refused);
            }

            // Newest first: the latest successful promotion of another version is what served before the current one.
            var history = await cli.Client.Models.ListPromotionsAsync(before.Name, ct: ct);
            var target = history.FirstOrDefault(p => p.Result == "succeeded" && !(p.Family == before.Family && p.Version == before.Version))
                ?? throw new CliException($"FAILED_PRECONDITION: {before.Name} has served no version other than {ModelView.Version(before.Family, before.Version)}; there is nothing to roll back to", ExitCodes.Refused);
            var watch = Stopwatch.StartNew();
            var after = await cli.Client.Models.PromoteAsync(target.Family, target.Version, before.Name, Deadline(cli), ct);
            Report(cli, "Rolled back", before, after, watch.Elapsed);
            return ExitCodes.Ok;
        });
        command.Options.Add(endpoint);
        return command;
    }

    public static Command Status(CliApp app)
    {
        var endpoint = EndpointOption();
        var command = app.Command("status", "The production banner: what serves, since when, promoted by whom, its key metrics", async (cli, ct) =>
        {
            var serving = await cli.Client.Models.GetEndpointAsync(cli.Get(endpoint), ct: ct);
            Promotion? promotion = null;
            ModelVersion? version = null;
            if (serving.Status != EndpointStatus.None)
            {
                var history = await cli.Client.Models.ListPromotionsAsync(serving.Name, ct: ct);
                promotion = history.FirstOrDefault(p => p.Result == "succeeded" && p.Family == serving.Family && p.Version == serving.Version);
                version = await cli.Client.Models.GetVersionAsync(serving.Family, serving.Version, ct: ct);
            }

            if (cli.Json)
            {
                cli.WriteJson(new JsonObject
                {
                    ["endpoint"] = JsonOutput.ToNode(serving),
                    ["promotion"] = promotion is null ? null : JsonOutput.ToNode(promotion),
                    ["metrics"] = version is null ? new JsonObject() : new JsonObject([.. version.Metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
                });
                return ExitCodes.Ok;
            }

            cli.Console.Ansi.Write(StatusBanner.Render(serving, promotion, version));
            return ExitCodes.Ok;
        });
        command.Options.Add(endpoint);
        return command;
    }

    public static Command History(CliApp app)
    {
        var endpoint = EndpointOption();
        var command = app.Command("history", "An endpoint's promotions, newest first: who, when, from which version, the result", async (cli, ct) =>
        {
            var history = await cli.Client.Models.ListPromotionsAsync(cli.Get(endpoint), ct: ct);
            cli.Write(history, () =>
            {
                var table = CliContext.Table("AT", "ENDPOINT", "VERSION", "FROM", "ACTOR", "RESULT", "ERROR");
                foreach (var p in history)
                {
                    CliContext.Row(table, ModelView.Time(p.At), p.Endpoint, ModelView.Version(p.Family, p.Version), p.HasPreviousVersion ? $"v{p.PreviousVersion}" : "-", p.Actor, p.Result, p.Error);
                }

                return table;
            });
            return ExitCodes.Ok;
        });
        command.Options.Add(endpoint);
        return command;
    }

    private static Option<string?> EndpointOption() => new("--model-endpoint", "--on")
    {
        Description = "The serving endpoint (default: production, the one Recommend uses)",
    };

    private static TimeSpan Deadline(CliContext cli) => cli.Timeout > PromoteDeadline ? cli.Timeout : PromoteDeadline;

    private static void Report(CliContext cli, string verb, Endpoint before, Endpoint after, TimeSpan took)
    {
        var from = before.Status == EndpointStatus.None ? null : ModelView.Version(before.Family, before.Version);
        var to = ModelView.Version(after.Family, after.Version);
        if (cli.Json)
        {
            cli.WriteJson(new JsonObject
            {
                ["endpoint"] = JsonOutput.ToNode(after),
                ["previous"] = from is null ? null : new JsonObject { ["family"] = before.Family, ["version"] = before.Version },
                ["seconds"] = Math.Round(took.TotalSeconds, 3),
            });
            return;
        }

        // "rolled back production from recs v7 to v5": the family is named once when it does not change.
        var target = from is not null && before.Family == after.Family ? $"v{after.Version.ToString(CultureInfo.InvariantCulture)}" : to;
        var seconds = took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        cli.Line(from is null
            ? $"{verb} {after.Name}: (nothing) → {to} in {seconds} s"
            : $"{verb} {after.Name} from {from} to {target} in {seconds} s");
        if (after.LastError.Length > 0)
        {
            cli.Line($"Last error on {after.Name}: {after.LastError}");
        }
    }
}
