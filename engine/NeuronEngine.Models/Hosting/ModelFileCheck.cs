using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Judges what a model file declares before ONNX Runtime loads it: no data in other files, only the contract's
/// operators (<see cref="ContractOperators"/>), no absurd shapes. ONNX Runtime would otherwise open files the file names,
/// run control flow or custom operators, or allocate what a shape claims — all before any contract check ran.
/// </summary>
internal static class ModelFileCheck
{
    /// <summary>Adds one line per problem to <paramref name="errors"/>; <paramref name="fileBytes"/> is the model file's size.</summary>
    public static void Check(OnnxModelFile file, long fileBytes, List<string> errors)
    {
        var count = errors.Count;
        var external = file.DeclaredTensors.Where(t => t.ExternalData).Select(t => t.Name).ToList();
        if (external.Count > 0)
        {
            errors.Add($"{ModelContract.ModelFile}: external data is not allowed (every weight must be inside {ModelContract.ModelFile}); initializers that use it: {Names(external)}");
        }

        if (file.SparseInitializerCount > 0)
        {
            errors.Add($"{ModelContract.ModelFile}: the graph has {file.SparseInitializerCount} sparse initializer(s), which the contract does not use");
        }

        var disallowed = file.Nodes.Where(n => !n.IsDefaultDomain || !ContractOperators.Allowed.Contains(n.OpType))
            .Select(n => n.ToString()).Distinct(StringComparer.Ordinal).ToList();
        if (disallowed.Count > 0)
        {
            errors.Add($"{ModelContract.ModelFile}: operators outside the contract's allowlist: {Names(disallowed)} (allowed: {string.Join(", ", ContractOperators.Allowed.Order(StringComparer.Ordinal))})");
        }

        long declaredBytes = 0;
        foreach (var tensor in file.DeclaredTensors)
        {
            var elements = tensor.ElementCount;
            if (elements < 0)
            {
                errors.Add($"{ModelContract.ModelFile}: {tensor.Kind} {tensor.Name} declares dims [{string.Join(", ", tensor.FixedDims)}] (negative or overflowing)");
            }
            else if (elements > ContractOperators.MaxTensorElements)
            {
                errors.Add($"{ModelContract.ModelFile}: {tensor.Kind} {tensor.Name} declares dims [{string.Join(", ", tensor.FixedDims)}], {elements} elements, more than the {ContractOperators.MaxTensorElements} one tensor may hold");
            }
            else if (tensor.Kind == "initializer" && !tensor.ExternalData)
            {
                declaredBytes += elements * Math.Max(1, tensor.ElementSize);
            }
        }

        // Data stored in the file cannot outweigh the file: initializers claiming more are lying about their shape.
        if (declaredBytes > fileBytes && errors.Count == count)
        {
            errors.Add($"{ModelContract.ModelFile}: its initializers declare {declaredBytes} bytes of data but the file has {fileBytes} bytes");
        }
    }

    private static string Names(List<string> names) =>
        string.Join(", ", names.Take(10)) + (names.Count > 10 ? $" (and {names.Count - 10} more)" : string.Empty);
}
