namespace NeuronEngine.Onnx;

/// <summary>One node of the main graph as a model file declares it.</summary>
/// <param name="Name">The node's name (may be empty).</param>
/// <param name="OpType">The operator, as the file spells it (<c>Gemm</c>, <c>Loop</c>).</param>
/// <param name="Domain">The operator's domain: <c>""</c> for the default ONNX domain (files may also write <c>ai.onnx</c>).</param>
public sealed record OnnxNode(string Name, string OpType, string Domain)
{
    /// <summary>True for an operator of the default ONNX domain, however the file spells it.</summary>
    public bool IsDefaultDomain => Domain.Length == 0 || Domain == "ai.onnx";

    /// <summary>Renders as <c>Gemm</c> for the default domain, <c>com.example:MyOp</c> otherwise.</summary>
    public override string ToString() => IsDefaultDomain ? OpType : $"{Domain}:{OpType}";
}
