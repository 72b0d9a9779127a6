using System.CommandLine;
using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Commands.Catalog;

/// <summary><c>neuron catalog import|get|list|delete</c>.</summary>
internal static class CatalogCommands
{
    public static Command Create(CliApp app) => CliApp.Group(
        "catalog",
        "The item catalog: what can be recommended, with attributes for filters",
        CatalogImportCommand.Create(app),
        Get(app),
        List(app),
        Delete(app));

    private static Command Get(CliApp app)
    {
        var item = new Argument<string>("item") { Description = "The item id" };
        var command = app.Command("get", "Show one item and its attributes", async (cli, ct) =>
        {
            var found = await cli.Client.Catalog.GetAsync(cli.Get(item)!, ct: ct);
            cli.Write(found, () =>
            {
                var table = CliContext.Table("FIELD", "VALUE");
                CliContext.Row(table, "item_id", found.ItemId);
                CliContext.Row(table, "active", !found.HasActive || found.Active ? "yes" : "no");
                foreach (var (name, value) in found.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    CliContext.Row(table, name, value);
                }

                return table;
            });
            return ExitCodes.Ok;
        });
        command.Arguments.Add(item);
        return command;
    }

    private static Command List(CliApp app)
    {
        var pageSize = new Option<int?>("--page-size") { Description = "Items per page, 1–1000 (default 100)" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from a previous page's next token" };
        var all = new Option<bool>("--all") { Description = "Every item, fetching page after page" };
        var command = app.Command("list", "List items ordered by id, one page (or --all)", async (cli, ct) =>
        {
            var request = new ListItemsRequest { PageToken = cli.Get(pageToken) ?? "" };
            if (cli.Get(pageSize) is { } size)
            {
                request.PageSize = size;
            }

            var result = new ListItemsResponse();
            do
            {
                var page = await cli.Client.Catalog.ListAsync(request, ct: ct);
                result.Items.Add(page.Items);
                result.NextPageToken = page.NextPageToken;
                request.PageToken = page.NextPageToken;
            }
            while (cli.Get(all) && result.NextPageToken.Length > 0);

            cli.Write(result, () => Render(result.Items));
            if (result.NextPageToken.Length > 0)
            {
                cli.Line($"More items: --page-token {result.NextPageToken} (or --all)");
            }

            return ExitCodes.Ok;
        });
        command.Options.Add(pageSize);
        command.Options.Add(pageToken);
        command.Options.Add(all);
        return command;
    }

    private static Command Delete(CliApp app)
    {
        var items = new Argument<string[]>("items") { Description = "Item ids", Arity = ArgumentArity.OneOrMore };
        var command = app.Command("delete", "Mark items inactive: never recommended again (still readable)", async (cli, ct) =>
        {
            var ids = cli.Get(items)!;
            var response = await cli.Client.Catalog.DeleteAsync(ids, ct: ct);
            if (cli.Json)
            {
                cli.WriteJson(response);
            }

            var unknown = ids.Distinct(StringComparer.Ordinal).Count() - response.Deleted;
            cli.Line(unknown > 0 ? $"Deleted {response.Deleted} items ({unknown} not in the catalog)" : $"Deleted {response.Deleted} items");
            return ExitCodes.Ok;
        });
        command.Arguments.Add(items);
        return command;
    }

    private static Spectre.Console.Table Render(IEnumerable<Item> items)
    {
        var table = CliContext.Table("ITEM", "ACTIVE", "ATTRIBUTES");
        foreach (var item in items)
        {
            var attributes = string.Join(", ", item.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
            CliContext.Row(table, item.ItemId, !item.HasActive || item.Active ? "yes" : "no", attributes);
        }

        return table;
    }
}
