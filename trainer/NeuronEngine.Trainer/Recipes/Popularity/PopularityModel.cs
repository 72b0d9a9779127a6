using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.Popularity;

/// <summary>
/// Scores each item log(1 + its summed training weight): the order of <c>PopularityScorer</c>, compressed so the
/// scores stay in the range of a trained model's.
/// </summary>
internal sealed class PopularityModel : IRecipeModel
{
    private float[] scores;

    public PopularityModel(InteractionSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        scores = new float[train.ItemCount];
        foreach (var x in train.All)
        {
            scores[x.Item] += x.Weight;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MathF.Log(1 + scores[i]);
        }
    }

    public bool Trains => false;

    public long StepsPerEpoch => 0;

    public int ItemCount => scores.Length;

    /// <summary>One column of zeros: the user vector contributes nothing.</summary>
    public int Dimensions => 1;

    public double TrainEpoch(Action<long> progress, CancellationToken cancellationToken) => 0;

    public void Score(ReadOnlySpan<long> items, ReadOnlySpan<float> weights, int batch, Span<float> scores)
    {
        for (var r = 0; r < batch; r++)
        {
            this.scores.CopyTo(scores.Slice(r * this.scores.Length, this.scores.Length));
        }
    }

    public IReadOnlyList<float[]> SaveState() => [(float[])scores.Clone()];

    public void LoadState(IReadOnlyList<float[]> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        scores = (float[])state[0].Clone();
    }

    /// <summary>Float32: a one-column table, nothing to gain.</summary>
    public ScoringPrecision Scoring => ScoringPrecision.Float32;

    public OnnxGraphBuilder Export() => PooledHistoryGraph.Build(new float[scores.Length], scores.Length, 1, scores);

    public void Dispose()
    {
    }
}
