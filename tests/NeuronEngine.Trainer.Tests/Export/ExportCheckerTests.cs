using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Trainer.Export;
using NeuronEngine.Trainer.Recipes;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Tests.Runs;

namespace NeuronEngine.Trainer.Tests.Export;

[Collection(TrainingCollection.Name)]
public sealed class ExportCheckerTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("float32", ScoringPrecision.Float32)]
    [InlineData("int8", ScoringPrecision.Int8)]
    [InlineData("auto", ScoringPrecision.Float32)]
    public void Check_FaithfulExport_Passes(string scoring, ScoringPrecision expected)
    {
        var (model, histories, users) = Trained(scoring);
        using (model)
        {
            Assert.Equal(expected, model.Scoring);
            Write(model, histories.UserCount);

            ExportChecker.Check(temp.Path, model, histories, users);
        }
    }

    [Theory]
    [InlineData("float32")]
    [InlineData("int8")]
    public void Check_OutputTablePerturbedInTheExport_ThrowsDataLossNamingTheUser(string scoring)
    {
        var (model, histories, users) = Trained(scoring);
        using (model)
        {
            // Export a model whose output table was nudged, then put the trained weights back: the file now lies.
            var trained = model.SaveState();
            var corrupted = trained.Select(a => (float[])a.Clone()).ToList();
            var outputTable = corrupted[^2];
            for (var i = 0; i < outputTable.Length; i++)
            {
                outputTable[i] += 0.05f * ((i % 7) - 3);
            }

            model.LoadState(corrupted);
            Write(model, histories.UserCount);
            model.LoadState(trained);

            var error = Assert.Throws<NeuronException>(() => ExportChecker.Check(temp.Path, model, histories, users));

            Assert.Equal(ErrorKind.DataLoss, error.Kind);
            Assert.StartsWith($"export check failed: user {users[0]}, rank ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_NotAnOnnxFile_ThrowsDataLoss()
    {
        var (model, histories, users) = Trained();
        using (model)
        {
            File.WriteAllText(Path.Combine(temp.Path, ModelContract.ModelFile), "not a model");

            var error = Assert.Throws<NeuronException>(() => ExportChecker.Check(temp.Path, model, histories, users));

            Assert.Equal(ErrorKind.DataLoss, error.Kind);
            Assert.Contains("ONNX Runtime cannot run the exported model", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Tolerance_GrowsWithTheScore()
    {
        Assert.Equal(1e-3f, ExportChecker.Tolerance(0), 6);
        Assert.Equal(2e-3f, ExportChecker.Tolerance(-10), 6);
    }

    private static (IRecipeModel Model, RecentHistories Histories, int[] Users) Trained(string scoring = "auto")
    {
        var dataset = TrainingData.Planted(users: 200, items: 120, events: 4_000);
        var options = TrainingData.FastOptions();
        options.Scoring = scoring;
        var histories = new RecentHistories(dataset.Train, options.HistoryLength);
        var model = new PooledHistoryRecipe(options).Create(dataset, histories, new TrainingSettings(1, 128, 0.01, 3), CancellationToken.None);
        model.TrainEpoch(_ => { }, CancellationToken.None);
        return (model, histories, [.. Enumerable.Range(0, 50)]);
    }

    private void Write(IRecipeModel model, int users) =>
        ArtifactWriter.Write(temp.Path, model.Export(), [.. Enumerable.Range(0, model.ItemCount).Select(i => $"i{i}")], new ModelManifest { Items = model.ItemCount });
}
