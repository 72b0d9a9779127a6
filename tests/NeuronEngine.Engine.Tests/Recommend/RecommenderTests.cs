using NeuronEngine.Contracts.V1;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Recommend;
using static NeuronEngine.Engine.Tests.Recommend.RecommendTestEnvironment;

namespace NeuronEngine.Engine.Tests.Recommend;

public sealed class RecommenderTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly RecommendTestEnvironment env = new();

    /// <summary>Users with 1–50 interactions, counts 1–15, half of them keeping seen items.</summary>
    private static RecommendRequest Request(int user)
    {
        var request = new RecommendRequest { UserId = UserId(user), Count = 1 + (user % 15) };
        if (user % 2 == 1)
        {
            request.ExcludeSeen = false;
        }

        return request;
    }

    [Fact]
    public async Task RecommendAsync_ConcurrentUsersBatched_SameResponsesAsUnbatched()
    {
        var unbatched = env.Recommender(env.Batcher(enabled: false));
        var expected = new List<RecommendResponse>();
        for (var u = 0; u < Users; u++)
        {
            expected.Add(await unbatched.RecommendAsync(Tenant, Request(u), CancellationToken.None).AsTask().WaitAsync(Timeout));
        }

        var batcher = env.Batcher();
        var batched = env.Recommender(batcher);
        var model = env.Host.Acquire(Tenant, Recommender.Production)!;
        try
        {
            // Calls queue behind a held "inference" on the mask they all use, then run as batches of up to 16.
            var queue = batcher.QueueFor(UnfilteredMask(model, env.Catalogs.Get(Tenant)));
            Assert.True(queue.TryLeadOrEnqueue(new RecommendCall()));
            var pending = Enumerable.Range(0, Users).Select(u => batched.RecommendAsync(Tenant, Request(u), CancellationToken.None).AsTask()).ToArray();
            Assert.All(pending, t => Assert.False(t.IsCompleted));
            queue.Finish()!.Signal(lead: true);
            var actual = await Task.WhenAll(pending).WaitAsync(Timeout);

            Assert.Equal((2, Users), (batcher.Batches, batcher.BatchedCalls));
            for (var u = 0; u < Users; u++)
            {
                Assert.False(actual[u].PopularFallback);
                Assert.Equal(Request(u).Count, actual[u].Items.Count);
                Assert.Equal(expected[u].Items.Select(i => i.ItemId), actual[u].Items.Select(i => i.ItemId));
                Assert.All(expected[u].Items.Zip(actual[u].Items), p => Assert.Equal(p.First.Score, p.Second.Score, tolerance: 1e-4f));
            }
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task Prepare_BuildsTheMaskUnfilteredCallsShare_BeforeAnyCall()
    {
        var recommender = env.Recommender(env.Batcher());
        var model = env.Host.Acquire(Tenant, Recommender.Production)!;
        try
        {
            recommender.Prepare(Tenant, model);

            // UnfilteredMask throws when no mask is cached: Prepare alone must have built it.
            var prepared = UnfilteredMask(model, env.Catalogs.Get(Tenant));
            await recommender.RecommendAsync(Tenant, Request(0), CancellationToken.None).AsTask().WaitAsync(Timeout);
            Assert.Same(prepared, UnfilteredMask(model, env.Catalogs.Get(Tenant)));
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task RecommendAsync_RepeatedEventsOnOneItem_FedOnceWithTheLargestWeightAsTheTrainerDoes()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        TrackedEvent Event(string user, string type, byte weight, int minutesAgo) =>
            new(null, user, ItemId(5), type, weight, now - (minutesAgo * 60_000_000L), []);
        env.Counters.Apply(
            new EventBatch(Tenant, now, [Event("repeat", "click", 5, 4), Event("repeat", "click", 5, 3), Event("repeat", "purchase", 50, 2), Event("repeat", "click", 5, 1), Event("once", "purchase", 50, 1)]),
            new LogPosition(2));
        var recommender = env.Recommender(env.Batcher());

        var repeat = await recommender.RecommendAsync(Tenant, new RecommendRequest { UserId = "repeat", Count = 10 }, CancellationToken.None).AsTask().WaitAsync(Timeout);
        var once = await recommender.RecommendAsync(Tenant, new RecommendRequest { UserId = "once", Count = 10 }, CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(once.Items.Select(i => i.ItemId), repeat.Items.Select(i => i.ItemId));
        Assert.All(once.Items.Zip(repeat.Items), p => Assert.Equal(p.First.Score, p.Second.Score, tolerance: 1e-5f));
    }

    [Fact]
    public async Task RecommendAsync_ExcludeSeen_NoHistoryItemInTheResponse()
    {
        var recommender = env.Recommender(env.Batcher());
        var user = Users - 1;
        var seen = env.Counters.GetHistory(Tenant, UserId(user)).Select(h => h.ItemId).ToHashSet();

        var response = await recommender.RecommendAsync(Tenant, new RecommendRequest { UserId = UserId(user), Count = 50 }, CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(50, response.Items.Count);
        Assert.DoesNotContain(response.Items, i => seen.Contains(i.ItemId));
        Assert.Equal(50, response.Items.Select(i => i.ItemId).Distinct().Count());
    }

    [Fact]
    public async Task RecommendAsync_PooledCallsReusedAcrossUsers_NoHistoryLeaksIntoTheNextCall()
    {
        var recommender = env.Recommender(env.Batcher());
        var alone = env.Recommender(env.Batcher(enabled: false));

        // A long history first, then a short one through the same (pooled) call buffers.
        await recommender.RecommendAsync(Tenant, Request(Users - 1), CancellationToken.None).AsTask().WaitAsync(Timeout);
        var second = await recommender.RecommendAsync(Tenant, Request(0), CancellationToken.None).AsTask().WaitAsync(Timeout);
        var expected = await alone.RecommendAsync(Tenant, Request(0), CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(expected.Items.Select(i => i.ItemId), second.Items.Select(i => i.ItemId));
    }

    [Fact]
    public async Task RecommendAsync_UnknownUser_PopularFallback()
    {
        var recommender = env.Recommender(env.Batcher());
        var response = await recommender.RecommendAsync(Tenant, new RecommendRequest { UserId = "nobody", Count = 3 }, CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.True(response.PopularFallback);
        Assert.Equal(3, response.Items.Count);
    }

    public void Dispose() => env.Dispose();
}
