using NeuronEngine.Registry.Redis;
using StackExchange.Redis;
using static NeuronEngine.Registry.Models.ModelChecks;

namespace NeuronEngine.Registry.Models;

public sealed partial class RedisModelStore
{
    /// <inheritdoc/>
    public IReadOnlyList<AuditEntry> ListAudit(string tenant, int limit = ModelStore.DefaultLimit)
    {
        RegistryRules.RequireTenant(tenant);
        CheckLimit(limit);
        return plane.Read(db => db.SortedSetRangeByRank(AuditKey(tenant), 0, limit - 1, Order.Descending)
            .Select(member => Decode(member, Json.Default.AuditDoc)!)
            .Select(entry => new AuditEntry(entry.Id, Time(entry.At), entry.Actor, entry.Action, entry.Target, entry.Result))
            .ToList());
    }

    /// <summary>
    /// Appends to audit logs inside one attempt of a transaction, so an entry exists exactly when its change does.
    /// Numbers entries per tenant from the highest committed id, counting the ones it queued itself (a transaction's
    /// reads do not see its own writes).
    /// </summary>
    private sealed class AuditWriter(RedisModelStore store, RedisWrite write)
    {
        private readonly Dictionary<string, long> next = new(StringComparer.Ordinal);

        public void Append(string tenant, DateTimeOffset at, string actor, string action, string target, string result)
        {
            var key = store.AuditKey(tenant);
            if (!next.TryGetValue(tenant, out var id))
            {
                var last = write.Read.SortedSetRangeByRankWithScores(key, -1, -1);
                id = last.Length == 0 ? 1 : (long)last[0].Score + 1;
            }

            next[tenant] = id + 1;
            write.SortedSetAdd(key, Encode(new AuditDoc(id, at.UtcTicks, actor, action, target, result), Json.Default.AuditDoc), id);
        }
    }
}
