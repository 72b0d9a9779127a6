using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// Managed arrays → tensors that own their memory, and back. <c>torch.tensor(array)</c> may wrap the array's memory
/// rather than copy it, which would tie a tensor (and the autograd graph holding it) to a managed array's lifetime and
/// place; a copy made while the array is pinned cannot depend on either. The cost is one copy of a batch's inputs
/// (on a CUDA device, the copy is the transfer).
/// </summary>
internal static class TorchArrays
{
    public static Tensor Copy(float[] values, params long[] shape) => Copy(values, CPU, shape);

    public static Tensor Copy(float[] values, Device device, params long[] shape) => Copy<float>(values, shape, device, static (v, s) => torch.tensor(v, s));

    public static Tensor Copy(long[] values, Device device, params long[] shape) => Copy<long>(values, shape, device, static (v, s) => torch.tensor(v, s));

    /// <summary>The tensor's values as a managed array, copied to the host first when it lives on a device.</summary>
    public static float[] ToArray(Tensor tensor)
    {
        // cpu() gives a new handle even when the tensor is already there, so disposing it leaves the tensor alone.
        using var host = tensor.cpu();
        return host.data<float>().ToArray();
    }

    private static Tensor Copy<T>(T[] values, long[] shape, Device device, Func<T[], long[], Tensor> wrap)
    {
        var pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        try
        {
            using var wrapped = wrap(values, shape);
            return device.type == DeviceType.CPU ? wrapped.clone() : wrapped.to(device);
        }
        finally
        {
            pin.Free();
        }
    }
}
