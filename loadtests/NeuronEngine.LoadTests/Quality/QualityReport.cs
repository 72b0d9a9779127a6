using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuronEngine.LoadTests.Reports;

namespace NeuronEngine.LoadTests.Quality;

/// <summary>report.json of a <c>quality</c> run: the data, the split, the run, and one row per model measured.</summary>
internal sealed record QualityReport
{
    public required string Data { get; init; }

    public required int Seed { get; init; }

    public required double TrainShare { get; init; }

    public required QualityData Split { get; init; }

    public QualityRunSummary? Run { get; init; }

    public required IReadOnlyList<QualityRow> Models { get; init; }

    /// <summary>Mean number of the user's training items in the engine's own top 20 (seen items it did not exclude).</summary>
    public double? TrainItemsInEngineTop20 { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public static QualityReport Read(string path) =>
        JsonSerializer.Deserialize<QualityReport>(File.ReadAllText(path), ReportJson.Options) ?? throw new InvalidDataException($"{path} holds no report");

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, ReportJson.Options));
        File.WriteAllText(Path.Combine(directory, "report.md"), Markdown());
    }

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"model",-58} {"NDCG@10",8} {"Recall@20",10} {"HR@10",7} {"users",7} {"time s",8}");
        foreach (var row in Models)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Model,-58} {row.Ndcg10,8:F4} {row.Recall20,10:F4} {row.Hr10,7:F4} {row.Users,7} {row.Seconds,8:F1}");
        }

        return text.ToString();
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Recommendation quality through Recommend");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Data `{Data}`: {Split.Events:N0} events, {Split.Users:N0} users, {Split.Items:N0} items; split seed {Seed}, {TrainShare:P0} of each user's distinct items to train.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Train {Split.TrainEvents:N0} events, test {Split.TestEvents:N0} events; {Split.EvaluatedUsers:N0} users with held-out items, {Split.HeldOutPairs:N0} held-out (user, item) pairs ({Split.HeldOutPairsOnUnknownItems:N0} on items never in train).");
        md.AppendLine();
        if (Run is { } run)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Run `{run.RunId}`: recipe `{run.Recipe}`, {run.Status}, {run.Epochs.Count} epochs in {run.Seconds:F1} s, version {run.Family} v{run.Version}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"The run's own final metrics: {string.Join(", ", run.FinalMetrics.Select(m => $"{m.Key} {m.Value:F4}"))}.");
            md.AppendLine();
        }

        md.AppendLine("| model | NDCG@10 | Recall@20 | HR@10 | users | time (s) |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in Models)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Model} | {row.Ndcg10:F4} | {row.Recall20:F4} | {row.Hr10:F4} | {row.Users} | {row.Seconds:F1} |");
        }

        md.AppendLine();
        md.AppendLine("Full ranking over the catalog, training items excluded; NDCG@10 binary, ideal DCG over min(10, |held-out|); Recall@20 = hits in the top 20 / min(20, |held-out|); HR@10 = any hit in the top 10.");
        foreach (var note in Notes)
        {
            md.AppendLine();
            md.AppendLine("- " + note);
        }

        return md.ToString();
    }
}

/// <summary>The data and its split.</summary>
internal sealed record QualityData(
    long Events,
    int Users,
    int Items,
    IReadOnlyDictionary<string, int> TypeWeights,
    long TrainEvents,
    long TestEvents,
    int EvaluatedUsers,
    long HeldOutPairs,
    long HeldOutPairsOnUnknownItems);

/// <summary>The training run as the engine reported it.</summary>
internal sealed record QualityRunSummary(
    string RunId,
    string Recipe,
    string Status,
    string Family,
    int Version,
    double Seconds,
    IReadOnlyDictionary<string, double> FinalMetrics,
    IReadOnlyList<QualityEpoch> Epochs);

internal sealed record QualityEpoch(int Epoch, double Loss, IReadOnlyDictionary<string, double> Metrics);

/// <summary>One model's figures over the same users.</summary>
internal sealed record QualityRow(string Model, double Ndcg10, double Recall20, double Hr10, int Users, double Seconds)
{
    public static QualityRow From(string model, MetricTotals totals, TimeSpan elapsed) =>
        new(model, totals.Ndcg10, totals.Recall20, totals.Hr10, totals.Users, elapsed.TotalSeconds);
}
