using System.Buffers.Binary;
using System.Text;

namespace NeuronEngine.Counters.Storage;

/// <summary>
/// FASTER keys: <c>[kind][tenant length][tenant][id]</c>. The tenant prefix keeps tenants apart even when
/// their user, item or event ids are equal.
/// </summary>
internal static class CounterKeys
{
    /// <summary>Room for the kind, the tenant (64 ASCII bytes) and a 256-byte id, with slack.</summary>
    public const int MaxKeyBytes = 512;

    /// <summary>Whether a key of <paramref name="tenant"/> and <paramref name="id"/> fits <see cref="MaxKeyBytes"/>.</summary>
    public static bool Fits(string tenant, string id)
    {
        if (2 + Encoding.UTF8.GetMaxByteCount(tenant.Length + id.Length) <= MaxKeyBytes)
        {
            return true;
        }

        var tenantBytes = Encoding.UTF8.GetByteCount(tenant);
        return tenantBytes <= byte.MaxValue && 2 + tenantBytes + Encoding.UTF8.GetByteCount(id) <= MaxKeyBytes;
    }

    public static int User(Span<byte> destination, string tenant, string userId) => Build(destination, CounterOp.History, tenant, userId);

    public static int EventId(Span<byte> destination, string tenant, string eventId) => Build(destination, CounterOp.Dedup, tenant, eventId);

    public static int Item(Span<byte> destination, string tenant, int itemOrdinal)
    {
        var length = Prefix(destination, CounterOp.Item, tenant);
        BinaryPrimitives.WriteInt32LittleEndian(destination[length..], itemOrdinal);
        return length + sizeof(int);
    }

    private static int Build(Span<byte> destination, CounterOp kind, string tenant, string id)
    {
        var length = Prefix(destination, kind, tenant);
        if (Encoding.UTF8.GetMaxByteCount(id.Length) > destination.Length - length
            && Encoding.UTF8.GetByteCount(id) > destination.Length - length)
        {
            throw new ArgumentException("id is longer than 256 bytes of UTF-8", nameof(id));
        }

        return length + Encoding.UTF8.GetBytes(id, destination[length..]);
    }

    private static int Prefix(Span<byte> destination, CounterOp kind, string tenant)
    {
        destination[0] = (byte)kind;
        var tenantBytes = Encoding.UTF8.GetBytes(tenant, destination[2..]);
        if (tenantBytes > byte.MaxValue)
        {
            throw new ArgumentException("tenant is too long", nameof(tenant));
        }

        destination[1] = (byte)tenantBytes;
        return 2 + tenantBytes;
    }
}
