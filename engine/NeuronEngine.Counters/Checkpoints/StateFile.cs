using System.Text;
using NeuronEngine.Counters.State;

namespace NeuronEngine.Counters.Checkpoints;

/// <summary>
/// The in-memory part of a checkpoint: per tenant, the item and type ordinal maps and the aggregates.
/// The popular top-K is not stored; recovery rebuilds it from the item counters in FASTER.
/// </summary>
internal static class StateFile
{
    private const int Magic = 0x5343454E; // "NECS"
    private const int Version = 1;

    public static void Write(Stream stream, IReadOnlyCollection<TenantState> tenants)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(tenants.Count);
        foreach (var tenant in tenants)
        {
            writer.Write(tenant.Name);
            writer.Write(tenant.TotalEvents);
            writer.Write(tenant.DistinctUsers);
            WriteStrings(writer, tenant.Types.Snapshot());
            WriteStrings(writer, tenant.Items.Snapshot());
            writer.Write(tenant.TypeCounts.Count);
            foreach (var (type, count) in tenant.TypeCounts)
            {
                writer.Write(type);
                writer.Write(count);
            }

            writer.Write(tenant.TypeTagCounts.Count);
            foreach (var ((type, tag), count) in tenant.TypeTagCounts)
            {
                writer.Write(type);
                writer.Write(tag);
                writer.Write(count);
            }
        }
    }

    public static List<TenantState> Read(Stream stream, int popularK)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("not a counters state file of a known version");
        }

        var tenants = new List<TenantState>();
        for (var t = reader.ReadInt32(); t > 0; t--)
        {
            var tenant = new TenantState(reader.ReadString(), popularK)
            {
                TotalEvents = reader.ReadInt64(),
                DistinctUsers = reader.ReadInt64(),
            };
            ReadStrings(reader, tenant.Types);
            ReadStrings(reader, tenant.Items);
            tenant.DistinctItems = tenant.Items.Count;
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                tenant.TypeCounts[reader.ReadInt32()] = reader.ReadInt64();
            }

            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                var type = reader.ReadInt32();
                tenant.RestoreTypeTag(type, reader.ReadString(), reader.ReadInt64());
            }

            tenants.Add(tenant);
        }

        return stream.Position == stream.Length ? tenants : throw new InvalidDataException("counters state file has trailing bytes");
    }

    private static void WriteStrings(BinaryWriter writer, ReadOnlySpan<string> values)
    {
        writer.Write(values.Length);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static void ReadStrings(BinaryReader reader, StringInterner interner)
    {
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            interner.GetOrAdd(reader.ReadString(), out var added);
            if (!added)
            {
                throw new InvalidDataException("counters state file repeats a string");
            }
        }
    }
}
