using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Export;

/// <summary>
/// Checks an exported <c>model.onnx</c> against the model it came from: both score the same users' serving-shaped
/// histories, and ONNX Runtime's top k must be the trained model's top k. A score may differ by at most
/// <see cref="Tolerance"/>; two items may trade places (or one replace the other at the edge of the top k) only when
/// their scores are within that tolerance of each other, i.e. on a tie. An int8-scored graph
/// (<see cref="ScoringPrecision.Int8"/>) is allowed <see cref="Int8RowTolerance"/> more: its scores are within about
/// 1 % of the float product (the bound is proven and tested with the graph); the check is there to catch an export
/// that scores the wrong thing, which misses by far more.
/// </summary>
/// <remarks>
/// Both checks are made per rank r: the item ONNX returns at r must have, in the trained model, the score ONNX
/// gives it (so the scores agree) and that score must match the trained model's r-th best (so the ranking agrees).
/// </remarks>
internal static class ExportChecker
{
    /// <summary>How many of each user's best items are compared.</summary>
    public const int TopK = 20;

    /// <summary>The largest accepted score difference at score <paramref name="score"/>: 1e-3 + 1e-4·|s|.</summary>
    public static float Tolerance(float score) => 1e-3f + (1e-4f * MathF.Abs(score));

    /// <summary>The extra difference an int8-scored row may show: 2 % of the largest |score| among its top k.</summary>
    public static float Int8RowTolerance(ReadOnlySpan<float> row, ReadOnlySpan<int> best)
    {
        var largest = 0f;
        foreach (var index in best)
        {
            largest = MathF.Max(largest, MathF.Abs(row[index]));
        }

        return 0.02f * largest;
    }

    /// <summary>Compares <paramref name="artifactDirectory"/>'s model with <paramref name="reference"/> on <paramref name="users"/>.</summary>
    /// <param name="artifactDirectory">Holds <c>model.onnx</c>.</param>
    /// <param name="reference">The trained model (its current weights are what was exported).</param>
    /// <param name="histories">The users' histories, as the engine will feed them.</param>
    /// <param name="users">The users to compare (the caller samples them).</param>
    /// <param name="userIds">User ids by index, for the error message; null shows indexes.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <exception cref="NeuronException">DataLoss "export check failed: user …" on the first difference, or when
    /// ONNX Runtime cannot load or run the model.</exception>
    public static void Check(
        string artifactDirectory,
        IRecipeModel reference,
        RecentHistories histories,
        IReadOnlyList<int> users,
        IReadOnlyList<string>? userIds = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(histories);
        ArgumentNullException.ThrowIfNull(users);
        cancellationToken.ThrowIfCancellationRequested();
        if (users.Count == 0)
        {
            return;
        }

        var ids = users.ToArray();
        var width = histories.Fill(ids, out var items, out var weights);
        var n = reference.ItemCount;
        var k = Math.Min(TopK, n);
        var expected = new float[ids.Length * n];
        reference.Score(items, weights, ids.Length, expected);
        var (onnxScores, onnxIndices) = RunOnnx(Path.Combine(artifactDirectory, ModelContract.ModelFile), items, weights, ids.Length, width, k, n);
        for (var r = 0; r < ids.Length; r++)
        {
            var row = expected.AsSpan(r * n, n);
            var best = new int[k];
            TopKOf(row, best);
            var extra = reference.Scoring == ScoringPrecision.Int8 ? Int8RowTolerance(row, best) : 0f;
            for (var rank = 0; rank < k; rank++)
            {
                var index = onnxIndices[(r * k) + rank];
                var score = onnxScores[(r * k) + rank];
                if ((ulong)index >= (ulong)n)
                {
                    throw Failed(Name(ids[r], userIds), rank, $"ONNX returned item index {index} of {n} items");
                }

                var own = row[(int)index];
                var rankScore = row[best[rank]];
                if (!(MathF.Abs(score - own) <= Tolerance(own) + extra))
                {
                    throw Failed(Name(ids[r], userIds), rank, $"item {index} scores {Format(score)} in ONNX but {Format(own)} in the trained model (tolerance {Format(Tolerance(own) + extra)})");
                }

                if (!(MathF.Abs(score - rankScore) <= Tolerance(rankScore) + (2 * extra)))
                {
                    throw Failed(Name(ids[r], userIds), rank, $"ONNX ranks item {index} ({Format(score)}) where the trained model ranks item {best[rank]} ({Format(rankScore)})");
                }
            }
        }
    }

    private static (float[] Scores, long[] Indices) RunOnnx(string path, long[] items, float[] weights, int batch, int width, int k, int n)
    {
        try
        {
            using var scorer = new OnnxScorer(path, n);
            return scorer.Run(items, weights, batch, width, k);
        }
        catch (NeuronException e) when (e.Kind == ErrorKind.DataLoss)
        {
            throw NeuronException.DataLoss($"export check failed: {e.Message}", e);
        }
    }

    /// <summary>The k best indexes, best first, ties to the lower index (as ONNX TopK and <c>TopK.Select</c> do).</summary>
    private static void TopKOf(ReadOnlySpan<float> scores, Span<int> best) => Evaluation.TopK.Select(scores, best);

    private static NeuronException Failed(string user, int rank, string what) =>
        NeuronException.DataLoss($"export check failed: user {user}, rank {(rank + 1).ToString(CultureInfo.InvariantCulture)}: {what}");

    private static string Name(int user, IReadOnlyList<string>? userIds) =>
        userIds is null ? user.ToString(CultureInfo.InvariantCulture) : $"\"{userIds[user]}\"";

    private static string Format(float value) => value.ToString("G7", CultureInfo.InvariantCulture);
}
