using System.Globalization;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;

namespace NeuronEngine.Engine.Recommend;

/// <summary>A checked Recommend or SimilarItems request: count and filter with their defaults applied.</summary>
/// <remarks>A struct sharing one empty filter, so the common request (no filter) allocates nothing here.</remarks>
internal readonly record struct RecommendQuery(int Count, bool ExcludeSeen, IReadOnlyDictionary<string, string> Filter, string FilterKey)
{
    public const int DefaultCount = 10;
    public const int MaxCount = 1000;

    private static readonly IReadOnlyDictionary<string, string> NoFilter = System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    /// <summary>A request without count or filter: the query whose mask every unfiltered call shares.</summary>
    public static RecommendQuery Unfiltered { get; } = new(DefaultCount, ExcludeSeen: true, NoFilter, "");

    public static RecommendQuery From(RecommendRequest request)
    {
        if (FieldRules.ValidateId(request.UserId) is { } rule)
        {
            NeuronException.ThrowInvalidArgument("user_id", rule);
        }

        return Create(request.HasCount ? request.Count : null, !request.HasExcludeSeen || request.ExcludeSeen, request.Filter);
    }

    public static RecommendQuery From(SimilarItemsRequest request)
    {
        if (FieldRules.ValidateId(request.ItemId) is { } rule)
        {
            NeuronException.ThrowInvalidArgument("item_id", rule);
        }

        return Create(request.HasCount ? request.Count : null, excludeSeen: false, request.Filter);
    }

    private static RecommendQuery Create(int? count, bool excludeSeen, Google.Protobuf.Collections.MapField<string, string> filter)
    {
        if (count is < 1 or > MaxCount)
        {
            NeuronException.ThrowInvalidArgument("count", $"must be 1-{MaxCount} (got {count})");
        }

        if (filter.Count == 0)
        {
            return new RecommendQuery(count ?? DefaultCount, excludeSeen, NoFilter, "");
        }

        foreach (var (key, value) in filter)
        {
            if ((FieldRules.ValidateAttributeKey(key) ?? FieldRules.ValidateAttributeValue(value)) is { } rule)
            {
                NeuronException.ThrowInvalidArgument($"filter[\"{key}\"]", rule);
            }
        }

        // One canonical spelling per filter, so equal filters share one exclude mask. Length-prefixed: values may hold
        // any character, so no separator could keep two different filters apart.
        var canonical = string.Concat(filter.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key.Length}:{p.Key}{p.Value.Length}:{p.Value}")));
        return new RecommendQuery(count ?? DefaultCount, excludeSeen, new Dictionary<string, string>(filter), canonical);
    }
}
