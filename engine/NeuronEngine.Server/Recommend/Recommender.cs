using System.Buffers;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Counters;
using NeuronEngine.Core;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Server.Recommend;

/// <summary>
/// The Recommend path: the user's history from the counters → the serving model's item indices and weights →
/// one inference that scores every item and takes the top k with inactive and filtered items excluded → drop seen
/// items → the top <c>count</c>. A user with no usable history gets the tenant's popular items.
/// </summary>
internal sealed partial class Recommender(ModelHost host, CounterStore counters, CatalogCache catalogs, TimeProvider time)
{
    /// <summary>The endpoint Recommend serves from.</summary>
    public const string Production = ModelStore.DefaultEndpoint;

    public RecommendResponse Recommend(string tenant, RecommendRequest request)
    {
        var query = RecommendQuery.From(request);
        return WithServingModel(tenant, model => Recommend(tenant, request.UserId, query, model));
    }

    /// <summary>Items whose embeddings are closest (cosine) to the item's, with inactive and filtered items left out.</summary>
    public RecommendResponse SimilarItems(string tenant, SimilarItemsRequest request)
    {
        var query = RecommendQuery.From(request);
        return WithServingModel(tenant, model =>
        {
            if (!model.Vocabulary.Indices.TryGetValue(request.ItemId, out var item))
            {
                throw NeuronException.NotFound($"item \"{request.ItemId}\" is not in the vocabulary of the serving model {model.Key}");
            }

            var catalog = catalogs.Get(tenant);
            var mask = model.GetMask(tenant, query.FilterKey, catalog.Generation, () => BuildMask(model, catalog, query));
            var indices = new int[query.Count];
            var scores = new float[query.Count];
            var found = model.Items.MostSimilar(item, mask.IsExcluded, indices, scores);
            var response = new RecommendResponse { Model = ModelRefFor(model.Key) };
            for (var i = 0; i < found; i++)
            {
                response.Items.Add(new ScoredItem { ItemId = model.Vocabulary.ItemIds[indices[i]], Score = scores[i] });
            }

            return response;
        });
    }

    /// <summary>Runs <paramref name="serve"/> on the production endpoint's model, holding a reference; nothing promoted → an empty response.</summary>
    private RecommendResponse WithServingModel(string tenant, Func<LoadedModel, RecommendResponse> serve)
    {
        var model = host.Acquire(tenant, Production);
        if (model is null)
        {
            return new RecommendResponse();
        }

        try
        {
            return serve(model);
        }
        finally
        {
            model.Release();
        }
    }

    private RecommendResponse Recommend(string tenant, string userId, RecommendQuery query, LoadedModel model)
    {
        var scratch = Scratch.ForThread(counters.HistoryLength, model.Manifest.Serving.HistoryLength);
        var entries = counters.GetHistory(tenant, userId, scratch.History);
        var fed = Feed(model, scratch, entries);
        var catalog = catalogs.Get(tenant);
        var response = new RecommendResponse { Model = ModelRefFor(model.Key) };
        if (fed == 0)
        {
            AddPopular(tenant, query, catalog, scratch, entries, response);
            return response;
        }

        var mask = model.GetMask(tenant, query.FilterKey, catalog.Generation, () => BuildMask(model, catalog, query));
        var k = Math.Min(model.ItemCount, query.Count + (query.ExcludeSeen ? scratch.Seen.Count : 0));
        var indices = ArrayPool<int>.Shared.Rent(k);
        var scores = ArrayPool<float>.Shared.Rent(k);
        try
        {
            model.Run(scratch.Items, scratch.Weights, fed, k, mask, indices, scores);
            for (var i = 0; i < k && response.Items.Count < query.Count; i++)
            {
                if (float.IsNegativeInfinity(scores[i]) || (query.ExcludeSeen && scratch.Seen.Contains(indices[i])))
                {
                    continue;
                }

                response.Items.Add(new ScoredItem { ItemId = model.Vocabulary.ItemIds[indices[i]], Score = scores[i] });
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            ArrayPool<float>.Shared.Return(scores);
        }

        return response;
    }

    /// <summary>Fills the model inputs from the newest history entries; returns how many were fed.</summary>
    private int Feed(LoadedModel model, Scratch scratch, int entries)
    {
        var serving = model.Manifest.Serving;
        var nowMicros = (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var halfLifeMicros = serving.RecencyHalfLifeHours * 3600e6;
        var fed = 0;
        for (var i = 0; i < entries; i++)
        {
            var entry = scratch.History[i];
            if (!model.Vocabulary.Indices.TryGetValue(entry.ItemId, out var index))
            {
                continue;
            }

            scratch.Seen.Add(index);
            if (fed == scratch.Items.Length)
            {
                continue;
            }

            float weight = entry.Weight;
            if (serving.SignalWeights.Count > 0 && !serving.SignalWeights.TryGetValue(entry.Type, out weight))
            {
                continue;
            }

            if (halfLifeMicros > 0)
            {
                weight *= (float)double.Exp2(-Math.Max(0, nowMicros - entry.TimestampMicros) / halfLifeMicros);
            }

            scratch.Items[fed] = index;
            scratch.Weights[fed] = weight;
            fed++;
        }

        return fed;
    }

    private void AddPopular(string tenant, RecommendQuery query, TenantCatalog catalog, Scratch scratch, int entries, RecommendResponse response)
    {
        response.PopularFallback = true;

        // A small prefix of the popular list usually suffices; only when exclusions thin it out is the whole top-K read
        // (reading it copies it under the lock the ingest loop takes for every event).
        var wanted = (query.Count + entries) * 2;
        var popular = counters.GetPopular(tenant, wanted);
        if (!AddPopular(popular, query, catalog, scratch, entries, response) && popular.Count == wanted)
        {
            response.Items.Clear();
            AddPopular(counters.GetPopular(tenant, int.MaxValue), query, catalog, scratch, entries, response);
        }
    }

    /// <summary>Adds the popular items that pass; true once <c>count</c> were found.</summary>
    private static bool AddPopular(IReadOnlyList<PopularItem> popular, RecommendQuery query, TenantCatalog catalog, Scratch scratch, int entries, RecommendResponse response)
    {
        foreach (var item in popular)
        {
            if (response.Items.Count == query.Count)
            {
                return true;
            }

            if (!catalog.Matches(item.ItemId, query.Filter) || (query.ExcludeSeen && scratch.HasSeen(item.ItemId, entries)))
            {
                continue;
            }

            response.Items.Add(new ScoredItem { ItemId = item.ItemId, Score = item.WeightedCount });
        }

        return response.Items.Count == query.Count;
    }

    private static ExcludeMask BuildMask(LoadedModel model, TenantCatalog catalog, RecommendQuery query)
    {
        var excluded = new bool[model.ItemCount];
        var ids = model.Vocabulary.ItemIds;
        for (var i = 0; i < excluded.Length; i++)
        {
            excluded[i] = query.Filter.Count == 0 ? !catalog.IsActive(ids[i]) : !catalog.Matches(ids[i], query.Filter);
        }

        return new ExcludeMask(excluded);
    }

    /// <summary>The serving version as callers name it: a family, or <c>shared/name</c> for a shared base family.</summary>
    internal static ModelRef ModelRefFor(VersionKey key) => new()
    {
        Family = new FamilyRef(key.OwnerTenant, key.Family).ToString(),
        Version = key.Version,
    };
}
