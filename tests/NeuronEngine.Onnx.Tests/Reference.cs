namespace NeuronEngine.Onnx.Tests;

/// <summary>Plain managed versions of the graph computations, to check ONNX Runtime's results against.</summary>
internal static class Reference
{
    /// <summary>[m, k] · [k, n], or · [n, k]ᵀ when <paramref name="transposeB"/>.</summary>
    public static float[] MatMul(float[] a, int m, int k, float[] b, int n, bool transposeB)
    {
        var result = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    sum += a[(i * k) + p] * (transposeB ? b[(j * k) + p] : b[(p * n) + j]);
                }

                result[(i * n) + j] = (float)sum;
            }
        }

        return result;
    }

    /// <summary>Indices of the k largest (or smallest) values, ties to the lower index.</summary>
    public static long[] TopK(ReadOnlySpan<float> values, int k, bool largest = true)
    {
        var copy = values.ToArray();
        var order = Enumerable.Range(0, copy.Length)
            .OrderBy(i => largest ? -copy[i] : copy[i])
            .ThenBy(i => i);
        return [.. order.Take(k).Select(i => (long)i)];
    }
}
