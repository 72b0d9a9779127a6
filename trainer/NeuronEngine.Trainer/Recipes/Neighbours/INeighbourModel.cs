namespace NeuronEngine.Trainer.Recipes.Neighbours;

/// <summary>A model served through the neighbour graph (its artifact is written under <c>ModelContract.NeighbourVersion</c>).</summary>
internal interface INeighbourModel
{
    /// <summary>The served lists.</summary>
    NeighbourLists Lists { get; }
}
