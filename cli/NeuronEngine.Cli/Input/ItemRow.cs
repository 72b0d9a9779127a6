using NeuronEngine.Contracts.V1;

namespace NeuronEngine.Cli.Input;

/// <summary>
/// Turns a row of a catalog file into an <see cref="Item"/>: <c>item_id</c>, optional <c>active</c>, and every other
/// field (CSV columns, JSON scalar properties, entries of a JSON <c>attributes</c> object) as an attribute.
/// </summary>
internal static class ItemRow
{
    /// <summary>Columns every catalog file has.</summary>
    public static readonly string[] Required = ["item_id"];

    private static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { "item_id", "active", "attributes" };

    public static Item Parse(Row row)
    {
        var fields = row.Fields!;
        var item = new Item { ItemId = fields.Required("item_id") };
        if (fields.Bool("active") is { } active)
        {
            item.Active = active;
        }

        foreach (var (name, value) in fields.Map("attributes") ?? [])
        {
            item.Attributes[name] = value;
        }

        foreach (var (name, value) in fields.Others(Known))
        {
            item.Attributes[name] = value;
        }

        return item;
    }
}
