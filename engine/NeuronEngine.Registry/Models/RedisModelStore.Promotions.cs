using StackExchange.Redis;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    // Promotions read per round trip while looking back through an endpoint's history.
    private const int PromotionBatch = 64;

    /// <inheritdoc/>
    public IReadOnlyList<EndpointPromotion> ListPromotions(string tenant, string? endpoint = null, int limit = ModelStore.DefaultLimit)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        CheckLimit(limit);
        return plane.Read(db => ReadPromotions(db, tenant, name, 0, limit - 1));
    }

    /// <inheritdoc/>
    public VersionRef? PreviousServedVersion(string tenant, string? endpoint = null)
    {
        RegistryRules.RequireTenant(tenant);
        var name = EndpointName(endpoint);
        return plane.Read(db =>
        {
            if (ReadEndpointDoc(db, tenant, name) is not { } stored || ServedVersion(stored) is not { } current)
            {
                return null;
            }

            for (long start = 0; ; start += PromotionBatch)
            {
                var batch = ReadPromotions(db, tenant, name, start, start + PromotionBatch - 1);
                foreach (var promotion in batch)
                {
                    if (promotion.Result == PromotionResult.Succeeded && promotion.Target != current)
                    {
                        return promotion.Target;
                    }
                }

                if (batch.Count < PromotionBatch)
                {
                    return (VersionRef?)null;
                }
            }
        });
    }

    /// <summary>An endpoint's promotions from rank <paramref name="start"/> to <paramref name="stop"/>, newest first.</summary>
    private List<EndpointPromotion> ReadPromotions(IDatabase db, string tenant, string endpoint, long start, long stop)
    {
        var ids = db.SortedSetRangeByRank(EndpointPromotionsKey(tenant, endpoint), start, stop, Order.Descending);
        if (ids.Length == 0)
        {
            return [];
        }

        var documents = db.HashGet(promotions, ids);
        var list = new List<EndpointPromotion>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (Decode(documents[i], Json.Default.PromotionDoc) is { } promotion)
            {
                list.Add(ToPromotion((long)ids[i], promotion));
            }
        }

        return list;
    }

    private PromotionDoc? ReadPromotionDoc(IDatabase db, long promotionId) => Decode(db.HashGet(promotions, promotionId), Json.Default.PromotionDoc);

    private static EndpointPromotion ToPromotion(long promotionId, PromotionDoc promotion) => new(
        promotionId,
        promotion.Endpoint,
        new VersionRef(new FamilyRef(promotion.Owner, promotion.Family), promotion.Version),
        promotion is { PreviousOwner: { } owner, PreviousFamily: { } family, PreviousVersion: { } version }
            ? new VersionRef(new FamilyRef(owner, family), version)
            : null,
        promotion.Actor,
        Time(promotion.Requested),
        Time(promotion.Finished),
        promotion.Result,
        promotion.Error,
        promotion.DurationMs);
}
