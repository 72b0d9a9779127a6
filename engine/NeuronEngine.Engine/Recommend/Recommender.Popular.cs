using NeuronEngine.Contracts.V1;
using NeuronEngine.Counters;

namespace NeuronEngine.Engine.Recommend;

internal sealed partial class Recommender
{
    private void AddPopular(string tenant, RecommendQuery query, TenantCatalog catalog, RecommendCall call, int entries, RecommendResponse response)
    {
        response.PopularFallback = true;

        // A small prefix of the popular list usually suffices; only when exclusions thin it out is the whole top-K read
        // (reading it copies it under the lock the ingest loop takes for every event).
        var wanted = (query.Count + entries) * 2;
        var popular = counters.GetPopular(tenant, wanted);
        if (!AddPopular(popular, query, catalog, call, entries, response) && popular.Count == wanted)
        {
            response.Items.Clear();
            AddPopular(counters.GetPopular(tenant, int.MaxValue), query, catalog, call, entries, response);
        }
    }

    /// <summary>Adds the popular items that pass; true once <c>count</c> were found.</summary>
    private static bool AddPopular(IReadOnlyList<PopularItem> popular, RecommendQuery query, TenantCatalog catalog, RecommendCall call, int entries, RecommendResponse response)
    {
        foreach (var item in popular)
        {
            if (response.Items.Count == query.Count)
            {
                return true;
            }

            if (!catalog.Matches(item.ItemId, query.Filter) || (query.ExcludeSeen && call.HasSeen(item.ItemId, entries)))
            {
                continue;
            }

            response.Items.Add(new ScoredItem { ItemId = item.ItemId, Score = item.WeightedCount });
        }

        return response.Items.Count == query.Count;
    }
}
