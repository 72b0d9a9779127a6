using System.CommandLine;
using System.Globalization;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Recommend;

/// <summary><c>neuron recommend --user</c> and <c>neuron similar --item</c>: what the production endpoint serves.</summary>
internal static class RecommendCommands
{
    public static Command Recommend(CliApp app)
    {
        var user = new Option<string>("--user", "-u") { Description = "The user to recommend for", Required = true };
        var (count, filter) = (CountOption(), FilterOption());
        var includeSeen = new Option<bool>("--include-seen") { Description = "Also return items already in the user's history" };
        var command = app.Command("recommend", "Recommendations for a user from the model serving on production", async (cli, ct) =>
        {
            var request = new RecommendRequest { UserId = cli.Get(user)! };
            if (cli.Get(count) is { } n)
            {
                request.Count = n;
            }

            if (cli.Get(includeSeen))
            {
                request.ExcludeSeen = false;
            }

            request.Filter.Add(Filters(cli.Get(filter)));
            var response = await cli.Client.Recommendations.RecommendAsync(request, ct: ct);
            Write(cli, response, $"for {request.UserId}");
            return ExitCodes.Ok;
        });
        command.Options.Add(user);
        command.Options.Add(count);
        command.Options.Add(filter);
        command.Options.Add(includeSeen);
        return command;
    }

    public static Command Similar(CliApp app)
    {
        var item = new Option<string>("--item", "-i") { Description = "The item to find neighbours of", Required = true };
        var (count, filter) = (CountOption(), FilterOption());
        var command = app.Command("similar", "The items closest to one item in the model serving on production", async (cli, ct) =>
        {
            var request = new SimilarItemsRequest { ItemId = cli.Get(item)! };
            if (cli.Get(count) is { } n)
            {
                request.Count = n;
            }

            request.Filter.Add(Filters(cli.Get(filter)));
            var response = await cli.Client.Recommendations.SimilarItemsAsync(request, ct: ct);
            Write(cli, response, $"like {request.ItemId}");
            return ExitCodes.Ok;
        });
        command.Options.Add(item);
        command.Options.Add(count);
        command.Options.Add(filter);
        return command;
    }

    private static Option<int?> CountOption() => new("--count", "-n") { Description = "How many items, 1–1000 (default 10)" };

    private static Option<string[]> FilterOption() => new("--filter", "-f")
    {
        Description = "Only items whose attribute has this value, name=value (repeatable; all must hold)",
    };

    private static Dictionary<string, string> Filters(string[]? filters)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in filters ?? [])
        {
            var equals = filter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--filter: \"{filter}\" is not name=value");
            }

            result[filter[..equals]] = filter[(equals + 1)..];
        }

        return result;
    }

    private static void Write(CliContext cli, RecommendResponse response, string subject)
    {
        if (cli.Json)
        {
            cli.WriteJson(response);
            return;
        }

        if (response.Model is null)
        {
            cli.Line($"No recommendations {subject}: no model is promoted on production (see neuron models promote)");
            return;
        }

        var model = $"{response.Model.Family} v{response.Model.Version.ToString(CultureInfo.InvariantCulture)}";
        var table = CliContext.Table("RANK", "ITEM", "SCORE", "MODEL");
        var rank = 0;
        foreach (var scored in response.Items)
        {
            CliContext.Row(table, ++rank, scored.ItemId, scored.Score.ToString("0.####", CultureInfo.InvariantCulture), model);
        }

        cli.Console.Ansi.Write(table);
        if (response.PopularFallback)
        {
            cli.Line($"(popular items: the model knows no history {subject})");
        }
    }
}
