using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// Managed arrays → tensors that own their memory. <c>torch.tensor(array)</c> may wrap the array's memory rather
/// than copy it, which would tie a tensor (and the autograd graph holding it) to a managed array's lifetime and
/// place; a copy made while the array is pinned cannot depend on either. The cost is one copy of a batch's inputs.
/// </summary>
internal static class TorchArrays
{
    public static Tensor Copy(float[] values, params long[] shape) => Copy<float>(values, shape, static (v, s) => torch.tensor(v, s));

    public static Tensor Copy(long[] values, params long[] shape) => Copy<long>(values, shape, static (v, s) => torch.tensor(v, s));

    private static Tensor Copy<T>(T[] values, long[] shape, Func<T[], long[], Tensor> wrap)
    {
        var pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        try
        {
            using var wrapped = wrap(values, shape);
            return wrapped.clone();
        }
        finally
        {
            pin.Free();
        }
    }
}
