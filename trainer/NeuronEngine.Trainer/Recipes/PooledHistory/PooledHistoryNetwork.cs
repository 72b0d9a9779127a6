using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuronEngine.Trainer.Recipes.PooledHistory;

/// <summary>
/// The pooled-history model's weights and forward pass, written to compute exactly what
/// <see cref="PooledHistoryGraph"/> serves: gather from the input table → Σ w·e → ÷ (√Σ|w| + 1e-6) → dense layers
/// (x·Wᵀ + b, Relu on the hidden ones) → user · output tableᵀ + item bias. Any change here must be made there too;
/// the export check compares the two on every run.
/// </summary>
/// <remarks>Weights are initialised from a seeded <see cref="Random"/>, not torch's global generator, so two runs
/// in one process cannot disturb each other's initialisation.</remarks>
internal sealed class PooledHistoryNetwork : IDisposable
{
    /// <summary>Added to the pooling norm, as in the serving graph.</summary>
    public const float Epsilon = 1e-6f;

    private readonly List<(Parameter Weight, Parameter Bias, bool Relu)> layers = [];

    /// <param name="items">Catalog size.</param>
    /// <param name="dimensions">Columns of both item tables.</param>
    /// <param name="hidden">Relu layer sizes between pooling and the user vector.</param>
    /// <param name="logPopularityPrior">Initial item bias (a log-popularity prior), one per item.</param>
    /// <param name="random">The seeded source of initial weights.</param>
    /// <param name="device">Where the parameters live (the trainer's device); the initial values are drawn on the host either way.</param>
    public PooledHistoryNetwork(int items, int dimensions, IReadOnlyList<int> hidden, float[] logPopularityPrior, Random random, Device device)
    {
        Items = items;
        Dimensions = dimensions;
        Device = device;
        InputTable = NewParameter(Gaussian(random, items * dimensions, 1 / MathF.Sqrt(dimensions)), items, dimensions);
        var inputs = dimensions;
        for (var i = 0; i <= hidden.Count && hidden.Count > 0; i++)
        {
            var outputs = i < hidden.Count ? hidden[i] : dimensions;
            var bound = 1 / MathF.Sqrt(inputs);
            layers.Add((NewParameter(Uniform(random, outputs * inputs, bound), outputs, inputs), NewParameter(new float[outputs], outputs), i < hidden.Count));
            inputs = outputs;
        }

        OutputTable = NewParameter(Gaussian(random, items * dimensions, 0.01f), items, dimensions);
        ItemBias = NewParameter(logPopularityPrior, items);
    }

    public int Items { get; }

    public int Dimensions { get; }

    /// <summary>Where the parameters live; inputs must be made there too.</summary>
    public Device Device { get; }

    public Parameter InputTable { get; }

    public Parameter OutputTable { get; }

    public Parameter ItemBias { get; }

    /// <summary>Every trainable tensor, in a fixed order (the order of <see cref="SaveState"/>).</summary>
    public IEnumerable<Parameter> Parameters()
    {
        yield return InputTable;
        foreach (var (w, b, _) in layers)
        {
            yield return w;
            yield return b;
        }

        yield return OutputTable;
        yield return ItemBias;
    }

    /// <summary>The pooled input vector [batch, dimensions] of histories [batch, width].</summary>
    public Tensor Pool(Tensor items, Tensor weights)
    {
        var gathered = InputTable.index_select(0, items.flatten()).view(items.shape[0], items.shape[1], Dimensions);
        var pooled = (gathered * weights.unsqueeze(2)).sum(1);
        return pooled / (weights.abs().sum(1, keepdim: true).sqrt() + Epsilon);
    }

    /// <summary>The user vector from a pooled vector: the dense layers.</summary>
    public Tensor User(Tensor pooled)
    {
        var user = pooled;
        foreach (var (w, b, relu) in layers)
        {
            user = user.matmul(w.t()) + b;
            if (relu)
            {
                user = user.relu();
            }
        }

        return user;
    }

    /// <summary>Scores [batch, items] for user vectors [batch, dimensions].</summary>
    public Tensor Logits(Tensor user) => user.matmul(OutputTable.t()) + ItemBias;

    /// <summary>Copies of every parameter, in <see cref="Parameters"/> order.</summary>
    public IReadOnlyList<float[]> SaveState() => [.. Parameters().Select(TorchArrays.ToArray)];

    /// <summary>Puts back a copy from <see cref="SaveState"/>.</summary>
    public void LoadState(IReadOnlyList<float[]> state)
    {
        using var _ = torch.no_grad();
        var i = 0;
        foreach (var p in Parameters())
        {
            using var source = TorchArrays.Copy(state[i++], p.shape);
            p.copy_(source);
        }
    }

    /// <summary>The serving graph with the current weights, scoring at <paramref name="scoring"/>.</summary>
    public OnnxGraphBuilder Export(ScoringPrecision scoring)
    {
        var layers = this.layers.Select(l => new PooledHistoryGraph.DenseLayer(
            TorchArrays.ToArray(l.Weight), TorchArrays.ToArray(l.Bias), (int)l.Weight.shape[1], (int)l.Weight.shape[0], l.Relu)).ToList();
        return PooledHistoryGraph.Build(
            TorchArrays.ToArray(OutputTable),
            Items,
            Dimensions,
            TorchArrays.ToArray(ItemBias),
            TorchArrays.ToArray(InputTable),
            Dimensions,
            layers,
            scoring);
    }

    public void Dispose()
    {
        foreach (var p in Parameters())
        {
            p.Dispose();
        }
    }

    private Parameter NewParameter(float[] values, params long[] shape) => new(TorchArrays.Copy(values, Device, shape), requires_grad: true);

    private static float[] Gaussian(Random random, int count, float std)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller: two uniforms give one standard normal.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = std * (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return values;
    }

    private static float[] Uniform(Random random, int count, float bound)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = bound * ((2 * (float)random.NextDouble()) - 1);
        }

        return values;
    }
}
