using System.Text.RegularExpressions;
using NeuronEngine.Core;

namespace NeuronEngine.Registry.Catalog;

/// <summary>Limits and validation of catalog writes.</summary>
internal static partial class CatalogRules
{
    public const int MaxItemsPerCall = 10_000;
    public const int MaxAttributes = 64;
    public const int MaxAttributeKeyLength = 64;
    public const int MaxAttributeValueLength = 1024;

    /// <summary>Throws InvalidArgument naming the first offending field; nothing is written when any item is bad.</summary>
    public static void ValidateBatch(IReadOnlyList<CatalogItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count > MaxItemsPerCall)
        {
            NeuronException.ThrowInvalidArgument("items", $"at most {MaxItemsPerCall} items per call, not {items.Count}");
        }

        var seen = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                NeuronException.ThrowInvalidArgument($"items[{i}]", "must not be null");
            }

            RegistryRules.Check($"items[{i}].item_id", FieldRules.ValidateId(item.ItemId));
            if (!seen.TryAdd(item.ItemId, i))
            {
                NeuronException.ThrowInvalidArgument($"items[{i}].item_id", $"\"{RegistryRules.Shorten(item.ItemId)}\" is already in items[{seen[item.ItemId]}]");
            }

            ValidateAttributes(i, item.Attributes);
        }
    }

    /// <summary>Throws InvalidArgument for an id list of DeleteItems.</summary>
    public static void ValidateIds(IReadOnlyList<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        if (itemIds.Count > MaxItemsPerCall)
        {
            NeuronException.ThrowInvalidArgument("item_ids", $"at most {MaxItemsPerCall} ids per call, not {itemIds.Count}");
        }

        for (var i = 0; i < itemIds.Count; i++)
        {
            RegistryRules.Check($"item_ids[{i}]", FieldRules.ValidateId(itemIds[i]));
        }
    }

    private static void ValidateAttributes(int index, IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        if (attributes.Count > MaxAttributes)
        {
            NeuronException.ThrowInvalidArgument($"items[{index}].attributes", $"at most {MaxAttributes} attributes, not {attributes.Count}");
        }

        foreach (var (key, value) in attributes)
        {
            var field = $"items[{index}].attributes[\"{RegistryRules.Shorten(key)}\"]";
            if (key.Length is 0 or > MaxAttributeKeyLength || !KeyPattern().IsMatch(key))
            {
                NeuronException.ThrowInvalidArgument(field, $"key must be 1–{MaxAttributeKeyLength} characters of [a-zA-Z0-9_.-]");
            }

            if (value is null)
            {
                NeuronException.ThrowInvalidArgument(field, "value must not be null");
            }

            if (value.Length > MaxAttributeValueLength)
            {
                NeuronException.ThrowInvalidArgument(field, $"value must be at most {MaxAttributeValueLength} characters, not {value.Length}");
            }
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_.-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
