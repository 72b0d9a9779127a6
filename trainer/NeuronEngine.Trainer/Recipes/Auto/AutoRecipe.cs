using System.Text.Json.Nodes;
using NeuronEngine.Core;
using NeuronEngine.Trainer.Datasets;

namespace NeuronEngine.Trainer.Recipes.Auto;

/// <summary>
/// <c>auto</c>, the default recipe: "you pick by task difficulty, the platform handles the ML complexity". It names
/// the candidates that fit the data — <c>item-knn</c> always, <c>ease</c> (once per <see cref="AutoOptions.EaseLambdas"/>)
/// up to <see cref="AutoOptions.EaseMaxItems"/>,
/// <c>pooled-history</c> up to <see cref="AutoOptions.PooledHistoryMaxItems"/> — cheapest first; the run executor
/// trains each on the train set, keeps the best by the rubric's primary metric on the eval set, records every
/// candidate in the manifest and ships the winner (refitted on train + eval unless the run says otherwise).
/// </summary>
internal sealed class AutoRecipe(AutoOptions options, IReadOnlyList<IRecipe> candidates) : IRecipe
{
    /// <summary>The recipe's name.</summary>
    public const string RecipeName = "auto";

    private readonly AutoOptions options = Validated(options);

    public string Name => RecipeName;

    /// <summary>Not used: each candidate has its own.</summary>
    public int HistoryLength => 0;

    /// <summary>The options this recipe selects with.</summary>
    public AutoOptions Options => options;

    public JsonObject DescribeOptions() => options.ToJson();

    /// <summary>The candidates that fit a catalog of <paramref name="items"/>, cheapest first, and why others are left out.</summary>
    public (IReadOnlyList<IRecipe> Candidates, IReadOnlyList<string> Skipped) CandidatesFor(int items)
    {
        var chosen = new List<IRecipe>();
        var skipped = new List<string>();
        foreach (var recipe in candidates)
        {
            var limit = recipe.Name switch
            {
                Ease.EaseRecipe.RecipeName => options.EaseMaxItems,
                PooledHistory.PooledHistoryRecipe.RecipeName => options.PooledHistoryMaxItems,
                _ => int.MaxValue,
            };
            if (items > limit)
            {
                skipped.Add($"{recipe.Name}: the catalog has {items} items, above its auto limit of {limit}");
            }
            else if (recipe is Ease.EaseRecipe ease)
            {
                chosen.AddRange(options.EaseLambdas.Select(ease.WithLambda));
            }
            else
            {
                chosen.Add(recipe);
            }
        }

        return (chosen, skipped);
    }

    /// <summary>
    /// Picks the shipped candidate: the best by <paramref name="metric"/>, except that candidates within
    /// <see cref="AutoOptions.Tolerance"/> (relative) of the best count as tied with it, and a tie goes to the recipe
    /// with the stronger record in the literature and in our measurements (<see cref="Preference"/>: ease,
    /// pooled-history, item-knn, then the rest) — a difference that small on a sample of eval users is noise. A tied
    /// candidate below item-knn is not preferred over it, so the shipped model always meets the run's
    /// <c>beats_neighbours</c> baseline on the eval set.
    /// </summary>
    /// <returns>The index of the chosen candidate in <paramref name="results"/>.</returns>
    public int Choose(IReadOnlyList<Runs.CandidateResult> results, string metric)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        var best = results.Max(r => r.Metric(metric));

        // The neighbourhood baseline every run is gated on: a tie never ships something below it.
        var floor = results.Where(r => r.Recipe.Name == Neighbours.ItemKnnRecipe.RecipeName).Select(r => r.Metric(metric)).DefaultIfEmpty(0).Max();
        var chosen = -1;
        for (var i = 0; i < results.Count; i++)
        {
            var value = results[i].Metric(metric);
            if (value < best * (1 - options.Tolerance) || (value < floor && value < best))
            {
                continue;
            }

            // The most preferred recipe among the tied, and of its variants the best.
            if (chosen < 0
                || Preference(results[i].Recipe.Name) < Preference(results[chosen].Recipe.Name)
                || (Preference(results[i].Recipe.Name) == Preference(results[chosen].Recipe.Name) && results[i].Metric(metric) > results[chosen].Metric(metric)))
            {
                chosen = i;
            }
        }

        return chosen;
    }

    /// <summary>Lower is preferred on a tie.</summary>
    internal static int Preference(string recipe) => recipe switch
    {
        Ease.EaseRecipe.RecipeName => 0,
        PooledHistory.PooledHistoryRecipe.RecipeName => 1,
        Neighbours.ItemKnnRecipe.RecipeName => 2,
        _ => 3,
    };

    /// <summary>The executor trains the candidates itself; a model of "auto" as such does not exist.</summary>
    public IRecipeModel Create(TrainEvalDataset dataset, RecentHistories histories, TrainingSettings settings, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("auto is resolved to its candidates by the run executor");

    private static AutoOptions Validated(AutoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new NeuronException(ErrorKind.InvalidArgument, string.Join("; ", errors));
    }
}
