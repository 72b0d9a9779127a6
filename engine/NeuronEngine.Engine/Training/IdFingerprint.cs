using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// 128 bits of SHA-256 standing in for an id or a (user, item) pair in the sets that count distinct ids and shared
/// pairs of uploaded datasets: a fixed 16 bytes instead of the strings (a gigabyte upload holds millions), with a
/// collision chance far below anything a count could show.
/// </summary>
internal static class IdFingerprint
{
    private const int StackLimit = 512;

    /// <summary>The fingerprint of <paramref name="first"/>, or of the pair when <paramref name="second"/> is given (length-prefixed, so no two pairs share an encoding).</summary>
    public static UInt128 Of(string first, string? second = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        var max = sizeof(int) + Encoding.UTF8.GetMaxByteCount(first.Length + (second?.Length ?? 0));
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(first, buffer[sizeof(int)..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer, length);
            length += sizeof(int);
            if (second is not null)
            {
                length += Encoding.UTF8.GetBytes(second, buffer[length..]);
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..length], digest);
            return BinaryPrimitives.ReadUInt128LittleEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
