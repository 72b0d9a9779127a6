using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>Reads the <c>item_embeddings</c> initializer out of the parsed <c>model.onnx</c> and checks its shape against the vocabulary and manifest.</summary>
internal static class ItemTableReader
{
    public static ItemTable? Read(OnnxModelFile file, int items, int manifestDimensions, List<string> errors)
    {
        OnnxTensor? tensor;
        try
        {
            if (!file.TryGetInitializer(ModelContract.ItemEmbeddings, out tensor))
            {
                tensor = null;
            }
        }
        catch (NeuronException ex)
        {
            errors.Add($"{ModelContract.ModelFile}: {ex.Message}");
            return null;
        }

        if (tensor is null)
        {
            errors.Add($"{ModelContract.ModelFile} has no initializer {ModelContract.ItemEmbeddings} (the item table SimilarItems uses)");
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
}
