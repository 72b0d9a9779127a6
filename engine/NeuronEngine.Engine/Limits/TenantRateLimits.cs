using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Engine.Limits;

/// <summary>
/// The per-tenant token buckets of <see cref="LimitsOptions"/>: one for Recommend calls and one for tracked events per
/// tenant, made on the tenant's first call and refilled about every 100 ms.
/// </summary>
/// <remarks>Thread-safe. A tenant's call within its limit takes one dictionary lookup and allocates nothing.</remarks>
internal sealed class TenantRateLimits : IDisposable
{
    private static readonly TimeSpan Refill = TimeSpan.FromMilliseconds(100);

    private readonly LimitsOptions options;
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> recommend = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> events = new(StringComparer.Ordinal);

    public TenantRateLimits(IOptions<LimitsOptions> options)
    {
        this.options = options.Value;
    }

    /// <summary>Takes one Recommend call from the tenant's bucket; RESOURCE_EXHAUSTED naming the limit when it is empty.</summary>
    public void TakeRecommend(string tenant)
    {
        if (options.RecommendPerSecond > 0)
        {
            Take(recommend, tenant, 1, options.RecommendPerSecond, options.RecommendBurst, nameof(LimitsOptions.RecommendPerSecond), "Recommend calls");
        }
    }

    /// <summary>Takes <paramref name="count"/> events from the tenant's bucket, all or none.</summary>
    public void TakeEvents(string tenant, int count)
    {
        if (options.EventsPerSecond <= 0)
        {
            return;
        }

        if (count > options.EventsBurst)
        {
            throw NeuronException.ResourceExhausted(string.Create(CultureInfo.InvariantCulture,
                $"a batch of {count} events is more than {LimitsOptions.SectionName}:{nameof(LimitsOptions.EventsBurst)} ({options.EventsBurst}) allows at once; send smaller batches"));
        }

        Take(events, tenant, count, options.EventsPerSecond, options.EventsBurst, nameof(LimitsOptions.EventsPerSecond), "events");
    }

    public void Dispose()
    {
        foreach (var limiter in recommend.Values.Concat(events.Values))
        {
            limiter.Dispose();
        }
    }

    private static void Take(ConcurrentDictionary<string, TokenBucketRateLimiter> buckets, string tenant, int count, int perSecond, int burst, string limit, string what)
    {
        if (!buckets.TryGetValue(tenant, out var bucket))
        {
            // Refills about every 100 ms; a rate under 10 per second adds one token every 1/rate seconds instead.
            var tokens = Math.Max(1, (int)(perSecond * Refill.TotalSeconds));
            var made = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokens / perSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            bucket = buckets.GetOrAdd(tenant, made);
            if (bucket != made)
            {
                // Another call made the tenant's bucket first; this one's refill timer must not linger.
                made.Dispose();
            }
        }

        using var lease = bucket.AttemptAcquire(count);
        if (!lease.IsAcquired)
        {
            throw NeuronException.ResourceExhausted(string.Create(CultureInfo.InvariantCulture,
                $"tenant \"{tenant}\" is over {LimitsOptions.SectionName}:{limit} ({perSecond} {what} per second); retry shortly"));
        }
    }
}
