using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NeuronEngine.Core;
using TorchSharp;

namespace NeuronEngine.Trainer.Devices;

/// <summary>The device this trainer's runs train on, chosen once at start, and why.</summary>
/// <param name="Device">The torch device tensors and parameters are made on.</param>
/// <param name="Reason">How it was chosen, for the start-up log and each run's log.</param>
internal sealed record TrainerDevice(torch.Device Device, string Reason)
{
    /// <summary>The CPU, for paths that train without a configured trainer (measurements, tests).</summary>
    public static TrainerDevice Cpu { get; } = new(torch.CPU, "cpu");

    /// <summary>Chooses the device for <paramref name="requested"/> from what <paramref name="cuda"/> found.</summary>
    /// <param name="requested"><c>Trainer:Device</c>.</param>
    /// <param name="cuda">What TorchSharp found.</param>
    /// <param name="chosen">The device, when it can be had.</param>
    /// <param name="error">Otherwise the configuration error: what was asked, what is missing, what to do.</param>
    public static bool TryChoose(TrainingDevice requested, TorchCuda cuda, [NotNullWhen(true)] out TrainerDevice? chosen, [NotNullWhen(false)] out string? error)
    {
        chosen = null;
        error = null;
        var found = cuda.Devices;
        if (requested.IsAuto)
        {
            chosen = found > 0
                ? new TrainerDevice(new torch.Device(DeviceType.CUDA, 0), Invariant($"cuda:0 (auto: TorchSharp finds {found} CUDA device{(found == 1 ? "" : "s")})"))
                : new TrainerDevice(torch.CPU, !cuda.BuiltWithCuda
                    ? "cpu (auto: this trainer is built with the CPU libtorch package)"
                    : "cpu (auto: TorchSharp finds no CUDA device)");
            return true;
        }

        if (requested.CudaIndex is not { } index)
        {
            chosen = new TrainerDevice(torch.CPU, "cpu (Trainer:Device)");
            return true;
        }

        if (found == 0)
        {
            error = !cuda.BuiltWithCuda
                ? Invariant($"Trainer:Device is {requested}, but this trainer is built with the CPU libtorch package (TorchSharp-cpu), which has no CUDA: build it with -p:NeuronTorchBackend=cuda where the CUDA package can be restored (docs/training.md, \"Device\"), or use --device auto or cpu")
                : Invariant($"Trainer:Device is {requested}, but TorchSharp finds no CUDA device (check the NVIDIA driver, the GPU and CUDA_VISIBLE_DEVICES), or use --device auto or cpu");
            return false;
        }

        if (index >= found)
        {
            error = Invariant($"Trainer:Device is {requested}, but TorchSharp finds {found} CUDA device{(found == 1 ? "" : "s")} (cuda:0 to cuda:{found - 1})");
            return false;
        }

        chosen = new TrainerDevice(new torch.Device(DeviceType.CUDA, index), Invariant($"{requested} (Trainer:Device; TorchSharp finds {found} CUDA device{(found == 1 ? "" : "s")})"));
        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
