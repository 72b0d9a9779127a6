using NeuronEngine.Core;

namespace NeuronEngine.Registry.Catalog;

/// <summary>Limits and validation of catalog writes.</summary>
internal static class CatalogRules
{
    public const int MaxItemsPerCall = 10_000;
    public const int MaxAttributes = 64;
    public const int MaxAttributeKeyLength = FieldRules.MaxAttributeKeyLength;
    public const int MaxAttributeValueLength = FieldRules.MaxAttributeValueLength;

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
            if ((FieldRules.ValidateAttributeKey(key) ?? FieldRules.ValidateAttributeValue(value)) is { } rule)
            {
                NeuronException.ThrowInvalidArgument($"items[{index}].attributes[\"{RegistryRules.Shorten(key)}\"]", rule);
            }
        }
    }
}
