using System.Globalization;

namespace NeuronEngine.Core;

/// <summary>
/// Where the trainer trains: <c>Trainer:Device</c>, read by the trainer and checked by the engine, which forwards it to
/// its sidecar. <c>auto</c>: the first CUDA device when TorchSharp finds one, else the CPU; <c>cpu</c>; <c>cuda</c>
/// (device 0) or <c>cuda:N</c>.
/// </summary>
/// <remarks>Only the trainer can tell whether CUDA is there (the engine never loads TorchSharp); this type is the syntax.</remarks>
public readonly record struct TrainingDevice
{

    private TrainingDevice(bool isAuto, int? cudaIndex)
    {
        IsAuto = isAuto;
        CudaIndex = cudaIndex;
    }

    /// <summary>CUDA when there is one, else the CPU: the default.</summary>
    public static TrainingDevice Auto { get; } = new(true, null);

    public static TrainingDevice Cpu { get; } = new(false, null);

    /// <summary>True for <c>auto</c>: the trainer decides from what it finds.</summary>
    public bool IsAuto { get; }

    /// <summary>The CUDA device asked for; null for <c>cpu</c> and <c>auto</c>.</summary>
    public int? CudaIndex { get; }

    public static TrainingDevice Cuda(int index) =>
        index >= 0 ? new(false, index) : throw new ArgumentOutOfRangeException(nameof(index), index, "a CUDA device index is 0 or more");

    /// <summary>Reads <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (any case, N from 0 to 1023).</summary>
    public static bool TryParse(string? text, out TrainingDevice device)
    {
        device = Auto;
        var value = text?.Trim() ?? "";
        if (value.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            device = Cpu;
            return true;
        }

        if (value.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            device = Cuda(0);
            return true;
        }

        if (value.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < 1024)
        {
            device = Cuda(index);
            return true;
        }

        return false;
    }

    /// <summary>Null when <paramref name="value"/> reads as a device, else the configuration error naming <paramref name="key"/>.</summary>
    public static string? Validate(string key, string? value) =>
        TryParse(value, out _) ? null : $"{key} must be auto, cpu, cuda or cuda:N (got \"{value}\")";

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda:N</c>: what <see cref="TryParse"/> reads back.</summary>
    public override string ToString() =>
        IsAuto ? "auto" : CudaIndex is { } index ? string.Create(CultureInfo.InvariantCulture, $"cuda:{index}") : "cpu";
}
