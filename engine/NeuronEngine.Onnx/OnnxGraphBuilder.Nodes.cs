using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

public sealed partial class OnnxGraphBuilder
{
    /// <summary>Adds a node of any operator in the default ONNX domain.</summary>
    /// <param name="opType">The operator, as the ONNX spec spells it (<c>Softmax</c>, <c>Transpose</c>).</param>
    /// <param name="inputs">
    /// Names of values defined earlier (inputs, initializers, node outputs); <c>""</c> marks an optional input left out.
    /// </param>
    /// <param name="outputs">New value names this node defines.</param>
    /// <param name="attributes">The node's attributes; each carries its type.</param>
    public void AddNode(string opType, ReadOnlySpan<string> inputs, ReadOnlySpan<string> outputs, params ReadOnlySpan<OnnxAttribute> attributes)
    {
        if (string.IsNullOrEmpty(opType))
        {
            NeuronException.ThrowInvalidArgument(nameof(opType), "must not be empty");
        }

        var node = new NodeProto { OpType = opType, Name = $"{opType}_{graph.Node.Count}" };
        var field = $"node '{node.Name}'";
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !defined.Contains(input))
            {
                NeuronException.ThrowInvalidArgument(field, $"input '{input}' is not defined yet (declare inputs and initializers before the nodes that read them)");
            }

            node.Input.Add(input);
        }

        if (outputs.IsEmpty)
        {
            NeuronException.ThrowInvalidArgument(field, "a node needs at least one output");
        }

        foreach (var output in outputs)
        {
            RequireName(output, field);
            if (defined.Contains(output) || node.Output.Contains(output))
            {
                NeuronException.ThrowInvalidArgument(field, $"output '{output}' is already defined in this graph");
            }

            node.Output.Add(output);
        }

        foreach (var attribute in attributes)
        {
            ArgumentNullException.ThrowIfNull(attribute);
            if (node.Attribute.Any(a => a.Name == attribute.Name))
            {
                NeuronException.ThrowInvalidArgument(field, $"attribute '{attribute.Name}' is given twice");
            }

            node.Attribute.Add(attribute.Proto.Clone());
        }

        foreach (var output in outputs)
        {
            defined.Add(output);
        }

        graph.Node.Add(node);
    }

    /// <summary>Adds a single-output node and returns the output's name (generated from the op when null).</summary>
    private string Op(string opType, ReadOnlySpan<string> inputs, string? output, params ReadOnlySpan<OnnxAttribute> attributes)
    {
        output = OutputName(output, opType);
        AddNode(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>The caller's output name, checked before any helper initializer is added for it, or a generated one.</summary>
    private string OutputName(string? output, string opType)
    {
        if (output is null)
        {
            return NewName(opType.ToLowerInvariant());
        }

        RequireName(output, opType);
        if (defined.Contains(output))
        {
            NeuronException.ThrowInvalidArgument(opType, $"output '{output}' is already defined in this graph");
        }

        return output;
    }

    /// <summary>An int64 [n] initializer holding axes or a shape, named after the node output it serves.</summary>
    private string Int64Constant(string owner, string suffix, ReadOnlySpan<long> values)
    {
        var name = $"{owner}_{suffix}";
        while (defined.Contains(name))
        {
            name = $"{owner}_{suffix}_{nextId++}";
        }

        return AddInitializer(name, values, [values.Length]);
    }
}
