using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Reads what <c>SimilarItems</c> answers from out of the parsed <c>model.onnx</c> and checks its shape against the
/// vocabulary and manifest: the <c>item_embeddings</c> table, or a neighbour model's <c>neighbour_items</c> and
/// <c>neighbour_weights</c> (<see cref="NeighbourTableReader"/>) when there is no item table.
/// </summary>
internal static class ItemTableReader
{
    public static IItemSimilarity? Read(OnnxModelFile file, int items, int manifestDimensions, List<string> errors)
    {
        if (!TryGet(file, ModelContract.ItemEmbeddings, errors, out var tensor))
        {
            return null;
        }

        if (tensor is null)
        {
            if (file.InitializerNames.Contains(ModelContract.NeighbourItems) || file.InitializerNames.Contains(ModelContract.NeighbourWeights))
            {
                return NeighbourTableReader.Read(file, items, manifestDimensions, errors);
            }

            errors.Add($"{ModelContract.ModelFile} has no initializer {ModelContract.ItemEmbeddings} (the item table SimilarItems uses), nor {ModelContract.NeighbourItems} and {ModelContract.NeighbourWeights} (a neighbour model's lists)");
            return null;
        }

        if (tensor.ElementType != OnnxElementType.Float || tensor.Dims.Count != 2)
        {
            errors.Add($"initializer {ModelContract.ItemEmbeddings} must be a float matrix, not {tensor.ElementType} with {tensor.Dims.Count} dimensions");
            return null;
        }

        var (rows, columns) = (tensor.Dims[0], tensor.Dims[1]);
        var ok = true;
        if (rows != items)
        {
            errors.Add($"initializer {ModelContract.ItemEmbeddings} has {rows} rows but {ModelContract.VocabularyFile} has {items} items");
            ok = false;
        }

        if (manifestDimensions > 0 && columns != manifestDimensions)
        {
            errors.Add($"initializer {ModelContract.ItemEmbeddings} has {columns} columns but {ModelContract.ManifestFile} says dimensions {manifestDimensions}");
            ok = false;
        }

        return ok ? new ItemTable(tensor.ToFloatArray(), (int)rows, (int)columns) : null;
    }

    /// <summary>The initializer, or null when the file has none by that name; false (with the error added) when its stored data is broken.</summary>
    internal static bool TryGet(OnnxModelFile file, string name, List<string> errors, out OnnxTensor? tensor)
    {
        try
        {
            if (!file.TryGetInitializer(name, out tensor))
            {
                tensor = null;
            }

            return true;
        }
        catch (NeuronException ex)
        {
            errors.Add($"{ModelContract.ModelFile}: {ex.Message}");
            tensor = null;
            return false;
        }
    }
}
