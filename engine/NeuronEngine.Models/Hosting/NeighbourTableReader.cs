using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Reads a neighbour model's <c>neighbour_items</c> (int32 or int64) and <c>neighbour_weights</c> (float), both
/// [items, K], into a <see cref="NeighbourTable"/>: rows must match the vocabulary, K the manifest's <c>dimensions</c>,
/// every index must be a model item index and every weight finite and at most <see cref="MaxWeight"/> in magnitude. Every problem is reported, not just the first.
/// </summary>
internal static class NeighbourTableReader
{
    /// <summary>The largest |weight| accepted: far above any similarity or EASE weight, far below what could overflow a sum.</summary>
    public const float MaxWeight = 1e6f;

    /// <summary>Out-of-range indices named one by one before the rest are only counted.</summary>
    private const int NamedIndexErrors = 3;

    public static NeighbourTable? Read(OnnxModelFile file, int items, int manifestDimensions, List<string> errors)
    {
        var before = errors.Count;
        var indices = Matrix(file, ModelContract.NeighbourItems, items, manifestDimensions, errors, OnnxElementType.Int32, OnnxElementType.Int64);
        var weights = Matrix(file, ModelContract.NeighbourWeights, items, manifestDimensions, errors, OnnxElementType.Float);
        if (indices is not null && weights is not null && indices.Dims[1] != weights.Dims[1])
        {
            errors.Add($"initializer {ModelContract.NeighbourItems} has {indices.Dims[1]} columns but {ModelContract.NeighbourWeights} has {weights.Dims[1]}");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var columns = (int)indices!.Dims[1];
        var targets = ReadIndices(indices, items, columns, errors);
        var values = weights!.ToFloatArray();
        // Bounded, not only finite: a history sums up to history × K of them, and huge finite weights would add up to
        // an infinite score that ranks (or hides) an item for every user.
        var outOfRange = Array.FindIndex(values, v => !(Math.Abs(v) <= MaxWeight));
        if (outOfRange >= 0)
        {
            errors.Add($"initializer {ModelContract.NeighbourWeights} has a value that is not a finite number of magnitude at most {MaxWeight:G} ({values[outOfRange]} at row {outOfRange / columns}, entry {outOfRange % columns})");
        }

        return errors.Count > before ? null : new NeighbourTable(targets!, values, items, columns);
    }

    /// <summary>The initializer when it is a matrix of one of <paramref name="types"/> with a row per item and the manifest's columns; null with the errors added otherwise.</summary>
    private static OnnxTensor? Matrix(OnnxModelFile file, string name, int items, int manifestDimensions, List<string> errors, params ReadOnlySpan<OnnxElementType> types)
    {
        if (!ItemTableReader.TryGet(file, name, errors, out var tensor))
        {
            return null;
        }

        var typeNames = string.Join(" or ", types.ToArray());
        if (tensor is null)
        {
            errors.Add($"{ModelContract.ModelFile} has no initializer {name} (a neighbour model needs both {ModelContract.NeighbourItems} and {ModelContract.NeighbourWeights})");
            return null;
        }

        if (!types.Contains(tensor.ElementType) || tensor.Dims.Count != 2)
        {
            errors.Add($"initializer {name} must be a {typeNames} matrix [items, neighbours], not {tensor.ElementType} with {tensor.Dims.Count} dimensions");
            return null;
        }

        var ok = true;
        if (tensor.Dims[0] != items)
        {
            errors.Add($"initializer {name} has {tensor.Dims[0]} rows but {ModelContract.VocabularyFile} has {items} items");
            ok = false;
        }

        if (tensor.Dims[1] < 1 || (manifestDimensions > 0 && tensor.Dims[1] != manifestDimensions))
        {
            errors.Add($"initializer {name} has {tensor.Dims[1]} columns (neighbours) but {ModelContract.ManifestFile} says dimensions {manifestDimensions}");
            ok = false;
        }

        return ok ? tensor : null;
    }

    /// <summary>The indices as int32 (a model item index always fits), or null with the out-of-range ones reported.</summary>
    private static int[]? ReadIndices(OnnxTensor tensor, int items, int columns, List<string> errors)
    {
        int[] targets;
        var outOfRange = 0;
        var named = new List<string>(NamedIndexErrors);
        if (tensor.ElementType == OnnxElementType.Int32)
        {
            targets = tensor.ToInt32Array();
            for (var i = 0; i < targets.Length; i++)
            {
                if ((uint)targets[i] >= (uint)items)
                {
                    Note(i, targets[i]);
                }
            }
        }
        else
        {
            var wide = tensor.ToInt64Array();
            targets = GC.AllocateUninitializedArray<int>(wide.Length);
            for (var i = 0; i < wide.Length; i++)
            {
                if ((ulong)wide[i] >= (ulong)items)
                {
                    Note(i, wide[i]);
                }

                targets[i] = (int)wide[i];
            }
        }

        if (outOfRange == 0)
        {
            return targets;
        }

        var more = outOfRange > named.Count ? $" and {outOfRange - named.Count} more" : string.Empty;
        errors.Add($"initializer {ModelContract.NeighbourItems} has {outOfRange} indices that are not model item indices (0-{items - 1}): {string.Join(", ", named)}{more}");
        return null;

        void Note(int position, long value)
        {
            if (outOfRange++ < NamedIndexErrors)
            {
                named.Add($"{value} at row {position / columns}, entry {position % columns}");
            }
        }
    }
}
