using NeuronEngine.Trainer.Recipes;

namespace NeuronEngine.Trainer.Runs;

/// <summary>One recipe trained and evaluated on the run's train and eval sets: a candidate of <c>auto</c>, or the run's own recipe.</summary>
/// <param name="Recipe">The recipe.</param>
/// <param name="Training">Its evaluated epochs and best epoch.</param>
/// <param name="Elapsed">Wall time to fit and evaluate it.</param>
internal sealed record CandidateResult(IRecipe Recipe, TrainingResult Training, TimeSpan Elapsed)
{
    /// <summary>The best epoch's value of <paramref name="metric"/>.</summary>
    public double Metric(string metric) => Training.Best.Metrics[metric];
}
