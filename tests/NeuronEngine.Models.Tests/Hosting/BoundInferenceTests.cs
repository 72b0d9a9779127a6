using NeuronEngine.Models.Contract;
using NeuronEngine.Models.Hosting;

namespace NeuronEngine.Models.Tests.Hosting;

/// <summary>
/// The IO-binding path CUDA serves through, exercised on the CPU provider (ONNX Runtime binds on CPU too): it must give
/// exactly what the plain run gives, for both scoring precisions, across mask changes and buffer growth.
/// </summary>
public sealed class BoundInferenceTests : IDisposable
{
    private readonly TempDirectory dir = new("bound");

    public static TheoryData<ScoringPrecision, int> Models => new()
    {
        { ScoringPrecision.Float32, 700 },

        // 64 blocks of 128 and more: the int8 graph's two-stage top k.
        { ScoringPrecision.Int8, 64 * 128 + 37 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Run_BoundOnCpu_SameIndicesAndScoresAsThePlainRun(ScoringPrecision scoring, int items)
    {
        var artifact = WriteRandomModel(scoring, items, dimensions: 16);
        using var plain = ModelTestHost.Loader().Load(new VersionKey("t", "plain", 1), artifact, static _ => { });
        using var bound = ModelTestHost.Loader(devicePath: true).Load(new VersionKey("t", "bound", 1), artifact, static _ => { });
        Assert.False(plain.RunsBound);
        Assert.True(bound.RunsBound);
        var random = new Random(7);
        var everything = new ExcludeMask(new bool[items]);
        var someExcluded = new ExcludeMask([.. Enumerable.Range(0, items).Select(i => i % 3 == 0)]);

        // A mask change, a change back (the binding must rebind, not reuse), then a batch past the first buffers' size.
        (ExcludeMask Mask, int Rows, int History, int MaxK)[] runs =
        [
            (everything, 4, 10, 20), (someExcluded, 3, 50, 60), (everything, 1, 1, 1), (someExcluded, 40, 120, 300),
        ];
        foreach (var (mask, rowCount, history, maxK) in runs)
        {
            var plainRows = Rows(random, rowCount, history, maxK, items);
            var boundRows = plainRows.Select(Copy).ToArray();
            plain.Run(plainRows, mask);
            bound.Run(boundRows, mask);
            for (var r = 0; r < rowCount; r++)
            {
                Assert.Null(boundRows[r].Error);
                Assert.Equal(plainRows[r].Indices.Take(plainRows[r].K), boundRows[r].Indices.Take(boundRows[r].K));
                Assert.Equal(plainRows[r].Scores.Take(plainRows[r].K), boundRows[r].Scores.Take(boundRows[r].K));
            }
        }
    }

    [Fact]
    public void Run_BoundOnCpu_ExcludedItemsNeverReturned()
    {
        var artifact = WriteRandomModel(ScoringPrecision.Float32, 300, dimensions: 8);
        using var bound = ModelTestHost.Loader(devicePath: true).Load(new VersionKey("t", "bound", 1), artifact, static _ => { });
        var mask = new ExcludeMask([.. Enumerable.Range(0, 300).Select(i => i % 2 == 0)]);
        var rows = Rows(new Random(3), 5, 20, 100, 300);
        bound.Run(rows, mask);
        foreach (var row in rows)
        {
            Assert.All(row.Indices.Take(row.K), i => Assert.Equal(1, i % 2));
        }
    }

    private string WriteRandomModel(ScoringPrecision scoring, int items, int dimensions)
    {
        var random = new Random(items);
        var table = new float[items * dimensions];
        var bias = new float[items];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (var i = 0; i < bias.Length; i++)
        {
            bias[i] = (float)random.NextDouble() * 0.1f;
        }

        var artifact = dir.Combine($"{scoring}-{items}");
        var manifest = new ModelManifest { Items = items, Dimensions = dimensions, Scoring = ScoringPrecisions.Name(scoring) };
        manifest.Serving.HistoryLength = 50;
        ArtifactWriter.Write(artifact, PooledHistoryGraph.Build(table, items, dimensions, bias, scoring: scoring), [.. Enumerable.Range(0, items).Select(PlantedModels.ItemId)], manifest);
        return artifact;
    }

    private static InferenceRow[] Rows(Random random, int count, int maxHistory, int maxK, int items)
    {
        var rows = new InferenceRow[count];
        for (var r = 0; r < count; r++)
        {
            var row = new InferenceRow();
            var length = random.Next(1, maxHistory + 1);
            row.EnsureHistoryCapacity(length);
            for (var h = 0; h < length; h++)
            {
                row.Items[h] = random.Next(items);
                row.Weights[h] = 1 + random.Next(5);
            }

            row.Length = length;
            row.SetK(random.Next(1, maxK + 1));
            rows[r] = row;
        }

        return rows;
    }

    private static InferenceRow Copy(InferenceRow source)
    {
        var row = new InferenceRow();
        row.EnsureHistoryCapacity(source.Length);
        source.Items.AsSpan(0, source.Length).CopyTo(row.Items);
        source.Weights.AsSpan(0, source.Length).CopyTo(row.Weights);
        row.Length = source.Length;
        row.SetK(source.K);
        return row;
    }

    public void Dispose() => dir.Dispose();
}
