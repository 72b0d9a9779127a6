using System.Text;

namespace NeuronEngine.Counters.Tests.Support;

/// <summary>Renders everything a store answers for the given ids, so two stores can be compared as text.</summary>
public static class StateDump
{
    public static string Of(CounterStore store, IEnumerable<string> tenants, IEnumerable<string> users, IEnumerable<string> items, IEnumerable<string> eventIds, long nowMicros)
    {
        var text = new StringBuilder();
        foreach (var tenant in tenants.Order(StringComparer.Ordinal))
        {
            var stats = store.GetStats(tenant);
            text.AppendLine($"[{tenant}] total={stats.TotalEvents} users={stats.DistinctUsers} items={stats.DistinctItems}");
            foreach (var (type, count) in stats.EventsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.AppendLine($"  type {type}={count}");
            }

            foreach (var (key, count) in stats.EventsByTypeAndTag.OrderBy(p => p.Key.Type + "|" + p.Key.Tag, StringComparer.Ordinal))
            {
                text.AppendLine($"  tag {key.Type}/{key.Tag}={count}");
            }

            foreach (var user in users)
            {
                text.AppendLine($"  user {user}: " + string.Join(", ", store.GetHistory(tenant, user)));
            }

            foreach (var item in items)
            {
                text.AppendLine($"  item {item}: {store.GetItem(tenant, item)}");
            }

            foreach (var id in eventIds)
            {
                text.AppendLine($"  dup {id}: {store.IsDuplicate(tenant, id, nowMicros)}");
            }

            text.AppendLine("  popular: " + string.Join(", ", store.GetPopular(tenant, int.MaxValue)));
        }

        return text.ToString();
    }
}
