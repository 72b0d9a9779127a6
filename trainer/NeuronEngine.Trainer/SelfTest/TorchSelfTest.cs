using TorchSharp;
using static TorchSharp.torch;

namespace NeuronEngine.Trainer.SelfTest;

/// <summary>
/// Proves TorchSharp's native stack loads and trains on this machine: a seeded two-layer MLP fits a small
/// synthetic regression on the CPU. One intra-op thread keeps the losses identical from run to run.
/// </summary>
internal static class TorchSelfTest
{
    /// <summary>Samples in the synthetic data set.</summary>
    public const int Samples = 64;

    /// <summary>Input features per sample.</summary>
    public const int Features = 4;

    /// <summary>Units in the hidden layer.</summary>
    public const int Hidden = 16;

    /// <summary>Trains for <paramref name="steps"/> full-batch Adam steps and returns the loss before each step.</summary>
    public static IReadOnlyList<float> Run(int steps, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        torch.set_num_threads(1);
        torch.manual_seed(seed);

        using var scope = torch.NewDisposeScope();
        var x = torch.randn(Samples, Features);
        var weights = torch.randn(Features, 1);
        var y = x.matmul(weights) + (0.01f * torch.randn(Samples, 1));

        var model = nn.Sequential(
            ("hidden", nn.Linear(Features, Hidden)),
            ("relu", nn.ReLU()),
            ("out", nn.Linear(Hidden, 1)));
        var optimizer = optim.Adam(model.parameters(), lr: 0.05);

        var losses = new List<float>(steps);
        for (var step = 0; step < steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.forward(x), y);
            losses.Add(loss.item<float>());
            loss.backward();
            optimizer.step();
        }

        return losses;
    }
}
