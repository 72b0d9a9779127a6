using CsCheck;
using Xunit.Abstractions;

namespace NeuronEngine.Testing;

/// <summary>
/// Runs CsCheck properties the same way everywhere: a fixed number of inputs, the count written to the test output
/// (<c>property NAME: N inputs, none crashed</c>) so a run can report how many inputs each property tried.
/// </summary>
public static class Properties
{
    /// <summary>Runs <paramref name="property"/> on <paramref name="iterations"/> inputs of <paramref name="gen"/>; returns how many ran.</summary>
    /// <remarks>A property fails by throwing; CsCheck then shrinks the input and reports it with a seed to replay.</remarks>
    public static long Run<T>(string name, Gen<T> gen, Action<T> property, long iterations, ITestOutputHelper output, string? seed = null)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(output);
        long count = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        gen.Sample(
            value =>
            {
                Interlocked.Increment(ref count);
                property(value);
            },
            seed: seed,
            iter: iterations,
            threads: 1);
        output.WriteLine($"property {name}: {count} inputs in {started.Elapsed.TotalSeconds:F1} s, none crashed");
        return count;
    }

    /// <summary>
    /// Damaged copies of <paramref name="valid"/>: bit flips, overwritten bytes, cuts, inserted and repeated runs, and
    /// splices of the input with itself (what a torn or corrupted file looks like), one to eight edits each.
    /// </summary>
    public static Gen<byte[]> Mutations(byte[] valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var edit = Gen.Select(Gen.Int[0, 6], Gen.Int.NonNegative, Gen.Int.NonNegative, Gen.Byte);
        return edit.Array[1, 8].Select(edits =>
        {
            var bytes = new List<byte>(valid);
            foreach (var (kind, a, b, value) in edits)
            {
                if (bytes.Count == 0)
                {
                    bytes.Add(value);
                    continue;
                }

                var at = a % bytes.Count;
                switch (kind)
                {
                    case 0: bytes[at] ^= (byte)(1 << (b % 8)); break;
                    case 1: bytes[at] = value; break;
                    case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 3: bytes.InsertRange(at, Enumerable.Repeat(value, 1 + (b % 16))); break;
                    case 4: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (b % 16))); break;
                    case 5: bytes.InsertRange(at, bytes.GetRange(b % bytes.Count, Math.Min(bytes.Count - (b % bytes.Count), 32))); break;
                    default: bytes[at] = (byte)(value is < 0x80 ? 0xFF : 0x00); break;
                }
            }

            return bytes.ToArray();
        });
    }
}
