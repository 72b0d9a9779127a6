using NeuronEngine.Core;
using NeuronEngine.Trainer.Recipes.Auto;
using NeuronEngine.Trainer.Recipes.Ease;
using NeuronEngine.Trainer.Recipes.Neighbours;
using NeuronEngine.Trainer.Recipes.PooledHistory;
using NeuronEngine.Trainer.Recipes.Popularity;

namespace NeuronEngine.Trainer.Recipes;

/// <summary>The recipes a run can name, found by name (ordinal).</summary>
internal sealed class RecipeCatalog
{
    private readonly IReadOnlyList<IRecipe> recipes;

    /// <summary>
    /// The built-in recipes: <c>auto</c> (the default), <c>item-knn</c>, <c>ease</c>, <c>pooled-history</c> and
    /// <c>popularity</c>, each with its options (defaults where null).
    /// </summary>
    public RecipeCatalog(PooledHistoryOptions pooledHistory, EaseOptions? ease = null, ItemKnnOptions? itemKnn = null, AutoOptions? auto = null)
        : this(BuiltIn(pooledHistory, ease ?? new EaseOptions(), itemKnn ?? new ItemKnnOptions(), auto ?? new AutoOptions()))
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

        this.recipes = recipes;
    }

    /// <summary>The known names, in catalog order.</summary>
    public IEnumerable<string> Names => recipes.Select(r => r.Name);

    /// <summary>The recipe called <paramref name="name"/>.</summary>
    /// <exception cref="NeuronException">InvalidArgument on <c>recipe</c> for an unknown name, listing the known ones.</exception>
    public IRecipe Find(string name) =>
        TryFind(name) ?? throw NeuronException.InvalidArgument("recipe", $"unknown recipe \"{name}\"; known: {string.Join(", ", Names)}");

    /// <summary>The recipe called <paramref name="name"/>, or null.</summary>
    public IRecipe? TryFind(string name)
    {
        foreach (var recipe in recipes)
        {
            if (string.Equals(recipe.Name, name, StringComparison.Ordinal))
            {
                return recipe;
            }
        }

        return null;
    }

    private static IRecipe[] BuiltIn(PooledHistoryOptions pooledHistory, EaseOptions ease, ItemKnnOptions itemKnn, AutoOptions auto)
    {
        var knn = new ItemKnnRecipe(itemKnn);
        var easeRecipe = new EaseRecipe(ease);
        var pooled = new PooledHistoryRecipe(pooledHistory);
        return [new AutoRecipe(auto, [knn, easeRecipe, pooled]), knn, easeRecipe, pooled, new PopularityRecipe()];
    }
}
