using NeuronEngine.Core;
using NeuronEngine.Trainer.Recipes.Ease;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Recipes.Popularity;

namespace NeuronEngine.Trainer.Recipes;

/// <summary>The recipes a run can name, found by name (ordinal).</summary>
internal sealed class RecipeCatalog
{
    private readonly IReadOnlyList<IRecipe> _recipes;

    /// <summary>The built-in recipes: <c>pooled-history</c> (with <paramref name="pooledHistory"/>), <c>popularity</c> and <c>ease</c>.</summary>
    public RecipeCatalog(PooledHistoryOptions pooledHistory, EaseOptions? ease = null)
        : this([new PooledHistoryRecipe(pooledHistory), new PopularityRecipe(), new EaseRecipe(ease ?? new EaseOptions())])
    {
    }

    /// <param name="recipes">The recipes, names distinct.</param>
    public RecipeCatalog(IReadOnlyList<IRecipe> recipes)
    {
        ArgumentNullException.ThrowIfNull(recipes);
        if (recipes.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() != recipes.Count)
        {
            throw new ArgumentException("recipe names must be distinct", nameof(recipes));
        }

        _recipes = recipes;
    }

    /// <summary>The known names, in catalog order.</summary>
    public IEnumerable<string> Names => _recipes.Select(r => r.Name);

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    /// <exception cref="NeuronException">InvalidArgument on <c>recipe</c> for an unknown name, listing the known ones.</exception>
    public IRecipe Find(string name)
    {
        foreach (var recipe in _recipes)
        {
            if (string.Equals(recipe.Name, name, StringComparison.Ordinal))
            {
                return recipe;
            }
        }

        throw NeuronException.InvalidArgument("recipe", $"unknown recipe \"{name}\"; known: {string.Join(", ", Names)}");
    }
}
