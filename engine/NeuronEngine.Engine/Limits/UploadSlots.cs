using System.Globalization;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;

namespace NeuronEngine.Engine.Limits;

/// <summary>
/// Counts the uploads in flight (RegisterVersion artifacts being staged and checked, UploadDataset files being received
/// and parsed), for the engine and per tenant, against <see cref="LimitsOptions.MaxConcurrentUploads"/> and
/// <see cref="LimitsOptions.MaxConcurrentUploadsPerTenant"/>. An upload takes a slot before it touches the disk and gives
/// it back however it ends.
/// </summary>
/// <remarks>Thread-safe: one lock around the two counts, so two uploads cannot both take the last slot.</remarks>
internal sealed class UploadSlots(IOptions<LimitsOptions> options)
{
    private readonly CountLimit engineWide = options.Value.ConcurrentUploads;
    private readonly CountLimit perTenant = options.Value.ConcurrentUploadsPerTenant;
    private readonly Lock sync = new();
    private readonly Dictionary<string, int> tenants = new(StringComparer.Ordinal);
    private int total;

    /// <summary>Uploads in flight, all tenants together.</summary>
    public int InFlight
    {
        get
        {
            lock (sync)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// Takes a slot for one of <paramref name="tenant"/>'s uploads; dispose the result when the upload ends (completed,
    /// refused, failed or cancelled). RESOURCE_EXHAUSTED naming the limit while too many are in flight.
    /// </summary>
    public Slot Take(string tenant)
    {
        lock (sync)
        {
            var mine = tenants.GetValueOrDefault(tenant);
            if (!perTenant.Allows(mine, 1))
            {
                throw perTenant.Reached(tenant, string.Create(CultureInfo.InvariantCulture,
                    $"{mine} of its uploads are in flight; retry when one has finished"));
            }

            if (!engineWide.Allows(total, 1))
            {
                throw engineWide.Reached(tenant, string.Create(CultureInfo.InvariantCulture,
                    $"the engine is taking {total} uploads (all tenants); retry when one has finished"));
            }

            tenants[tenant] = mine + 1;
            total++;
        }

        return new Slot(this, tenant);
    }

    private void Give(string tenant)
    {
        lock (sync)
        {
            var mine = tenants[tenant] - 1;
            if (mine == 0)
            {
                tenants.Remove(tenant);
            }
            else
            {
                tenants[tenant] = mine;
            }

            total--;
        }
    }

    /// <summary>One upload's place; disposing it (once or more) gives the place back.</summary>
    public sealed class Slot : IDisposable
    {
        private UploadSlots? owner;
        private readonly string tenant;

        internal Slot(UploadSlots owner, string tenant)
        {
            this.owner = owner;
            this.tenant = tenant;
        }

        public void Dispose() => Interlocked.Exchange(ref owner, null)?.Give(tenant);
    }
}
