using System.Numerics.Tensors;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;
using NeuronEngine.Trainer.Datasets;
using TorchSharp;

namespace NeuronEngine.Trainer.Recipes.Ease;

/// <summary>The fitted EASE weights B (items × items, row i = what item i in a history adds to every item's score).</summary>
internal sealed class EaseModel : IRecipeModel
{
    private readonly int _items;
    private float[] _weights;

    private EaseModel(int items, float[] weights)
    {
        _items = items;
        _weights = weights;
    }

    /// <summary>Nothing to fit per epoch: the closed form is computed once, and evaluated once.</summary>
    public bool Trains => false;

    public long StepsPerEpoch => 0;

    public int ItemCount => _items;

    /// <summary>The item table is Bᵀ: one column per item.</summary>
    public int Dimensions => _items;

    /// <summary>Solves for B on the binary training matrix with penalty <paramref name="lambda"/>.</summary>
    public static EaseModel Fit(InteractionSet train, double lambda)
    {
        ArgumentNullException.ThrowIfNull(train);
        var n = train.ItemCount;
        var gram = new double[(long)n * n];
        for (var u = 0; u < train.UserCount; u++)
        {
            var history = train.ForUser(u);
            foreach (var a in history)
            {
                var row = (long)a.Item * n;
                foreach (var b in history)
                {
                    gram[row + b.Item] += 1;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            gram[((long)i * n) + i] += lambda;
        }

        double[] inverse;
        using (var scope = torch.NewDisposeScope())
        {
            // XᵀX + λI is symmetric positive definite: a Cholesky factor inverts it stably.
            var g = torch.tensor(gram, [n, n], torch.ScalarType.Float64);
            inverse = torch.cholesky_inverse(torch.linalg.cholesky(g)).data<double>().ToArray();
        }

        var weights = new float[(long)n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                weights[((long)i * n) + j] = i == j ? 0f : (float)(-inverse[((long)i * n) + j] / inverse[((long)j * n) + j]);
            }
        }

        return new EaseModel(n, weights);
    }

    public double TrainEpoch(Action<long> progress, CancellationToken cancellationToken) => 0;

    /// <summary>Σ w·B[item] ÷ (√Σ|w| + 1e-6), as the serving graph computes it through its identity input table.</summary>
    public void Score(ReadOnlySpan<long> items, ReadOnlySpan<float> weights, int batch, Span<float> scores)
    {
        var width = batch == 0 ? 0 : items.Length / batch;
        for (var r = 0; r < batch; r++)
        {
            var row = scores.Slice(r * _items, _items);
            row.Clear();
            var rowItems = items.Slice(r * width, width);
            var rowWeights = weights.Slice(r * width, width);
            var norm = MathF.Sqrt(TensorPrimitives.SumOfMagnitudes(rowWeights)) + 1e-6f;
            for (var k = 0; k < width; k++)
            {
                if (rowWeights[k] != 0)
                {
                    var source = _weights.AsSpan((int)(rowItems[k] * _items), _items);
                    TensorPrimitives.MultiplyAdd(source, rowWeights[k] / norm, row, row);
                }
            }
        }
    }

    public IReadOnlyList<float[]> SaveState() => [(float[])_weights.Clone()];

    public void LoadState(IReadOnlyList<float[]> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _weights = (float[])state[0].Clone();
    }

    /// <summary>Float32: the recipe's catalogs are small (at most 8,192 items) and its scores are exact.</summary>
    public ScoringPrecision Scoring => ScoringPrecision.Float32;

    public OnnxGraphBuilder Export()
    {
        var transposed = new float[(long)_items * _items];
        var identity = new float[(long)_items * _items];
        for (var i = 0; i < _items; i++)
        {
            identity[((long)i * _items) + i] = 1f;
            for (var j = 0; j < _items; j++)
            {
                transposed[((long)j * _items) + i] = _weights[((long)i * _items) + j];
            }
        }

        return PooledHistoryGraph.Build(transposed, _items, _items, inputEmbeddings: identity, inputDimensions: _items);
    }

    public void Dispose()
    {
    }
}
