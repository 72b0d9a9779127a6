using System.Runtime.CompilerServices;
using Microsoft.Extensions.ObjectPool;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Counters;
using NeuronEngine.Models.Hosting;
using NeuronEngine.Registry.Models;
using NeuronEngine.Engine.Limits;
using NeuronEngine.Engine.Telemetry;

namespace NeuronEngine.Engine.Recommend;

/// <summary>
/// The Recommend path: the user's history from the counters → the serving model's item indices and weights →
/// one inference (batched with concurrent calls, <see cref="InferenceBatcher"/>) that scores every item and takes the
/// top k with inactive and filtered items excluded → drop seen items → the top <c>count</c>. A user with no usable
/// history gets the tenant's popular items.
/// </summary>
/// <remarks>
/// A call with history allocates nothing beyond its response once the pools are warm: its buffers are a pooled
/// <see cref="RecommendCall"/>, the mask is cached, waiting for a batch uses a pooled state machine.
/// </remarks>
internal sealed partial class Recommender(ModelHost host, CounterStore counters, CatalogCache catalogs, InferenceBatcher batcher, TimeProvider time, RecommendMetrics? metrics = null, TenantRateLimits? limits = null)
{
    /// <summary>The endpoint Recommend serves from.</summary>
    public const string Production = ModelStore.DefaultEndpoint;

    /// <summary>Calls kept for reuse: about as many as run or wait at once under load.</summary>
    private const int PooledCalls = 256;

    private readonly ObjectPool<RecommendCall> calls = new DefaultObjectPool<RecommendCall>(new DefaultPooledObjectPolicy<RecommendCall>(), PooledCalls);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RecommendResponse> RecommendAsync(string tenant, RecommendRequest request, CancellationToken cancellationToken)
    {
        var query = RecommendQuery.From(request);
        limits?.TakeRecommend(tenant);
        using var activity = EngineTelemetry.Source.StartActivity(SpanName);
        var model = host.Acquire(tenant, Production);
        if (model is null)
        {
            return new RecommendResponse();
        }

        TagServed(activity, tenant, model.Key);
        var mark = StartTiming();
        var call = calls.Get();
        try
        {
            call.Prepare(counters.HistoryLength, model.Manifest.Serving.HistoryLength);
            var entries = counters.GetHistory(tenant, request.UserId, call.History);
            var fed = Feed(model, call, entries);
            mark = LapHistory(mark);
            var catalog = catalogs.Get(tenant);
            var response = new RecommendResponse { Model = ModelRefFor(model.Key) };
            if (fed == 0)
            {
                AddPopular(tenant, query, catalog, call, entries, response);
                LapFilter(mark);
                activity?.SetTag(PopularFallbackTag, true);
                return response;
            }

            var mask = model.GetMask(tenant, query.FilterKey, catalog.Generation, static s => BuildMask(s.model, s.catalog, s.query), (model, catalog, query));
            call.Row.Length = fed;
            call.Row.SetK(Math.Min(model.ItemCount, query.Count + (query.ExcludeSeen ? call.Seen.Count : 0)));
            await batcher.RunAsync(model, mask, call, cancellationToken);
            mark = LapInference(mark);
            AddScored(model, query, call, response);
            LapFilter(mark);
            return response;
        }
        finally
        {
            calls.Return(call);
            model.Release();
        }
    }

    /// <summary>Items whose embeddings are closest (cosine) to the item's, with inactive and filtered items left out.</summary>
    public RecommendResponse SimilarItems(string tenant, SimilarItemsRequest request)
    {
        var query = RecommendQuery.From(request);
        limits?.TakeRecommend(tenant);
        var model = host.Acquire(tenant, Production);
        if (model is null)
        {
            return new RecommendResponse();
        }

        try
        {
            if (!model.Vocabulary.TryGetIndex(request.ItemId, out var item))
            {
                throw NeuronException.NotFound($"item \"{request.ItemId}\" is not in the vocabulary of the serving model {model.Key}");
            }

            var catalog = catalogs.Get(tenant);
            var mask = model.GetMask(tenant, query.FilterKey, catalog.Generation, static s => BuildMask(s.model, s.catalog, s.query), (model, catalog, query));
            var indices = new int[query.Count];
            var scores = new float[query.Count];
            var found = model.Items.MostSimilar(item, mask.IsExcluded, indices, scores);
            var response = new RecommendResponse { Model = ModelRefFor(model.Key) };
            for (var i = 0; i < found; i++)
            {
                response.Items.Add(new ScoredItem { ItemId = model.Vocabulary.ItemId(indices[i]), Score = scores[i] });
            }

            return response;
        }
        finally
        {
            model.Release();
        }
    }

    /// <summary>The row's results in order, without excluded and (when asked) seen items, up to <c>count</c>.</summary>
    private static void AddScored(LoadedModel model, RecommendQuery query, RecommendCall call, RecommendResponse response)
    {
        var row = call.Row;
        if (row.Error is { } error)
        {
            throw error;
        }

        // Sized once: growing the list as items arrive would allocate three or four arrays per response.
        response.Items.Capacity = query.Count;
        for (var i = 0; i < row.K && response.Items.Count < query.Count; i++)
        {
            if (float.IsNegativeInfinity(row.Scores[i]) || (query.ExcludeSeen && call.Seen.Contains(row.Indices[i])))
            {
                continue;
            }

            response.Items.Add(new ScoredItem { ItemId = model.Vocabulary.ItemId(row.Indices[i]), Score = row.Scores[i] });
        }
    }

    /// <summary>
    /// Fills the model's input row the way the trainer built its samples: one entry per distinct item, most recent
    /// first, up to the manifest's history length; an item's repeated events fold into one entry with the largest
    /// weight (signal weight × recency decay). Events of types the model was not trained on are not fed, but their
    /// items still count as seen.
    /// </summary>
    /// <returns>How many entries the row holds.</returns>
    internal int Feed(LoadedModel model, RecommendCall call, int entries)
    {
        var serving = model.Manifest.Serving;
        var row = call.Row;
        var capacity = serving.HistoryLength;
        var nowMicros = (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var halfLifeMicros = serving.RecencyHalfLifeHours * 3600e6;
        var fed = 0;
        for (var i = 0; i < entries; i++)
        {
            var entry = call.History[i];
            if (!model.Vocabulary.TryGetIndex(entry.ItemId, out var index))
            {
                continue;
            }

            call.Seen.Add(index);
            float weight = entry.Weight;
            if (serving.SignalWeights.Count > 0 && !serving.SignalWeights.TryGetValue(entry.Type, out weight))
            {
                continue;
            }

            if (halfLifeMicros > 0)
            {
                weight *= (float)double.Exp2(-Math.Max(0, nowMicros - entry.TimestampMicros) / halfLifeMicros);
            }

            if (call.FedAt.TryGetValue(index, out var at))
            {
                row.Weights[at] = Math.Max(row.Weights[at], weight);
                continue;
            }

            if (fed == capacity)
            {
                continue;
            }

            call.FedAt[index] = fed;
            row.Items[fed] = index;
            row.Weights[fed] = weight;
            fed++;
        }

        return fed;
    }

    /// <summary>
    /// Builds <paramref name="model"/>'s unfiltered exclude mask for <paramref name="tenant"/>'s catalog before the model
    /// serves (a promotion calls this between warm-up and swap), so the first calls after a hot swap do not all wait
    /// for it.
    /// </summary>
    public void Prepare(string tenant, LoadedModel model)
    {
        var catalog = catalogs.Get(tenant);
        var query = RecommendQuery.Unfiltered;
        _ = model.GetMask(tenant, query.FilterKey, catalog.Generation, static s => BuildMask(s.model, s.catalog, s.query), (model, catalog, query));
    }

    private static ExcludeMask BuildMask(LoadedModel model, TenantCatalog catalog, RecommendQuery query)
    {
        var excluded = new bool[model.ItemCount];
        var vocabulary = model.Vocabulary;
        for (var i = 0; i < excluded.Length; i++)
        {
            var id = vocabulary.IdSpan(i);
            excluded[i] = query.Filter.Count == 0 ? !catalog.IsActive(id) : !catalog.Matches(id, query.Filter);
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
