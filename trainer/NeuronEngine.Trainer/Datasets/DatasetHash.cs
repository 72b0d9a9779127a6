using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NeuronEngine.Trainer.Datasets;

/// <summary>
/// The content hash of an interaction set: SHA-256 over the interactions ordered by (user id, item id), ordinal on
/// the string ids, each written as user id and item id (UTF-8, each preceded by its byte count as a 4-byte
/// little-endian integer), then the weight as a 4-byte little-endian IEEE float and the timestamp as an 8-byte
/// little-endian integer. It depends on the string ids, not the dense indexes, so two builds that interned in
/// different orders still agree.
/// </summary>
internal static class DatasetHash
{
    /// <summary>Lower-case hex SHA-256 of <paramref name="set"/> in canonical order.</summary>
    public static string Compute(InteractionSet set, IdVocabulary users, IdVocabulary items, int[] userRanks, int[] itemRanks)
    {
        var order = new int[set.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var all = set.All.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = userRanks[all[a].User].CompareTo(userRanks[all[b].User]);
            return c != 0 ? c : itemRanks[all[a].Item].CompareTo(itemRanks[all[b].Item]);
        });

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[2 * (4 + 4 * 256) + 12];
        foreach (var i in order)
        {
            var x = all[i];
            var n = WriteString(buffer, users[x.User]);
            n += WriteString(buffer[n..], items[x.Item]);
            BinaryPrimitives.WriteSingleLittleEndian(buffer[n..], x.Weight);
            BinaryPrimitives.WriteInt64LittleEndian(buffer[(n + 4)..], x.TimestampMicros);
            hash.AppendData(buffer[..(n + 12)]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static int WriteString(Span<byte> buffer, string value)
    {
        // Ids are at most 256 bytes of UTF-8 (FieldRules), so the buffer always fits two of them.
        var length = Encoding.UTF8.GetBytes(value, buffer[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
        return 4 + length;
    }
}
