namespace NeuronEngine.Models.Contract;

/// <summary>
/// The model contract, version 1: what an artifact must hold for the engine to serve it. The trainer writes it, the
/// engine checks it on registration and on load; docs/architecture.md ("Model contract") is its written form.
/// </summary>
/// <remarks>
/// An artifact is a folder with three files. <c>model.onnx</c> takes a user's recent history as model item indices and
/// weights and returns the top <c>k</c> items; <c>items.txt</c> maps model item indices to <c>item_id</c>s (line i is
/// index i); <c>manifest.json</c> says how the model was made and how to feed it (<see cref="ModelManifest"/>).
/// </remarks>
public static class ModelContract
{
    /// <summary>
    /// The contract version of a history-pooling model (an <see cref="ItemEmbeddings"/> table); engines before the
    /// neighbour graph serve only this one.
    /// </summary>
    public const int Version = 1;

    /// <summary>
    /// The contract version of a neighbour model (<see cref="NeighbourItems"/> and <see cref="NeighbourWeights"/>, no
    /// item table): written as 2 so that an engine too old to load one refuses it at registration with its version,
    /// instead of failing to load it after a promotion.
    /// </summary>
    public const int NeighbourVersion = 2;

    /// <summary>The oldest default-domain ONNX opset a model may use (reductions take their axes as an input from 13).</summary>
    public const long MinOpsetVersion = 13;

    public const string ModelFile = "model.onnx";
    public const string VocabularyFile = "items.txt";
    public const string ManifestFile = "manifest.json";

    /// <summary>Input: int64 [batch, history], model item indices of the user's recent interactions; padding uses any valid index with weight 0.</summary>
    public const string HistoryItems = "history_items";

    /// <summary>Input: float [batch, history], the weight of each interaction (signal weight × recency decay, computed by the engine).</summary>
    public const string HistoryWeights = "history_weights";

    /// <summary>Input: int64 [1], how many items to return (1 ≤ k ≤ items).</summary>
    public const string K = "k";

    /// <summary>Input: float [items], added to every score before the top-k: 0 keeps an item, −∞ excludes it (inactive, filtered).</summary>
    public const string ExcludeBias = "exclude_bias";

    /// <summary>Output: float [batch, k], scores in descending order.</summary>
    public const string TopScores = "top_scores";

    /// <summary>Output: int64 [batch, k], the model item indices of <see cref="TopScores"/>.</summary>
    public const string TopIndices = "top_indices";

    /// <summary>
    /// Initializer: float [items, dimensions], the item table <c>SimilarItems</c> compares items with (cosine). A neighbour
    /// model has <see cref="NeighbourItems"/> and <see cref="NeighbourWeights"/> instead.
    /// </summary>
    public const string ItemEmbeddings = "item_embeddings";

    /// <summary>
    /// Initializer of a neighbour model (<see cref="NeighbourGraph"/>), in place of <see cref="ItemEmbeddings"/>: int32 or
    /// int64 [items, neighbours], row i the model item indices that item i adds score to when it is in a history. Every
    /// entry is a model item index (0 to items − 1); padding repeats any of them with weight 0.
    /// </summary>
    public const string NeighbourItems = "neighbour_items";

    /// <summary>
    /// Initializer of a neighbour model: float [items, neighbours], the weight of each entry of <see cref="NeighbourItems"/>
    /// (0 for padding). <c>SimilarItems</c> returns an item's non-zero entries by weight, highest first.
    /// </summary>
    public const string NeighbourWeights = "neighbour_weights";
}
