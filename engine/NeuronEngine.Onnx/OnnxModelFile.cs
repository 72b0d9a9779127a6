using System.Diagnostics.CodeAnalysis;
using System.IO.MemoryMappedFiles;
using Google.Protobuf;
using NeuronEngine.Core;
using NeuronEngine.Onnx.Proto;

namespace NeuronEngine.Onnx;

/// <summary>
/// What a model file declares: opset, producer, metadata, graph inputs and outputs, and its initializers
/// (weights) on request. The model host uses it to check a model against the contract and to read the
/// item table for similar-item queries; ONNX Runtime loads the file separately.
/// </summary>
/// <remarks>
/// The parsed file, weights included, is held until this object is collected: read what you need and drop it.
/// Bad input (truncated, not ONNX, no graph, no opset) throws <see cref="NeuronException"/> with
/// <see cref="ErrorKind.InvalidArgument"/> naming what is wrong. Immutable and thread-safe once created.
/// </remarks>
public sealed partial class OnnxModelFile
{
    private readonly Dictionary<string, TensorProto> initializers;

    private OnnxModelFile(ModelProto model)
    {
        Validate(model);
        var graph = model.Graph;
        IrVersion = model.IrVersion;
        OpsetVersion = model.OpsetImport.Where(o => o.Domain.Length == 0 || o.Domain == "ai.onnx").Max(o => o.Version);
        ProducerName = model.ProducerName;
        ProducerVersion = model.ProducerVersion;
        DocString = model.DocString;
        GraphName = graph.Name;
        Metadata = model.MetadataProps.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer)
        {
            initializers[tensor.Name] = tensor;
        }

        InitializerNames = [.. graph.Initializer.Select(t => t.Name)];

        // Older exporters also list initializers as inputs; those are constants, not something a caller binds.
        Inputs = [.. graph.Input.Where(i => !initializers.ContainsKey(i.Name)).Select(ToValueInfo)];
        Outputs = [.. graph.Output.Select(ToValueInfo)];
        Nodes = [.. graph.Node.Select(n => new OnnxNode(n.Name, n.OpType, n.Domain))];
        DeclaredTensors = [.. DeclaredTensorsOf(graph)];
        SparseInitializerCount = graph.SparseInitializer.Count;
    }

    /// <summary>The ONNX IR version.</summary>
    public long IrVersion { get; }

    /// <summary>The version of the default ONNX operator set the model uses.</summary>
    public long OpsetVersion { get; }

    /// <summary>The tool that wrote the file.</summary>
    public string ProducerName { get; }

    /// <summary>The version of that tool.</summary>
    public string ProducerVersion { get; }

    /// <summary>The model's doc string.</summary>
    public string DocString { get; }

    /// <summary>The graph's name.</summary>
    public string GraphName { get; }

    /// <summary>The metadata properties (for a key given twice, the last value).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The inputs a caller binds at run time (initializers listed as inputs are left out).</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The names of the initializers, in file order.</summary>
    public IReadOnlyList<string> InitializerNames { get; }

    /// <summary>The main graph's nodes, in file order (nodes inside subgraph attributes are not listed).</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>
    /// Every initializer, graph input, output and <c>value_info</c> entry with the dims the file states, undecoded: what
    /// a checker judges (external data, absurd sizes) before ONNX Runtime sees the file.
    /// </summary>
    public IReadOnlyList<OnnxDeclaredTensor> DeclaredTensors { get; }

    /// <summary>How many sparse initializers the graph has (their contents are not read).</summary>
    public int SparseInitializerCount { get; }

    /// <summary>
    /// Reads and parses the file at <paramref name="path"/> through a read-only memory map: the parser copies each
    /// initializer once, with no managed buffer of the whole file (a 33 MB model allocates 33 MB, not the 66 MB a
    /// stream parse does — what a hot swap's garbage collections pay for).
    /// </summary>
    /// <exception cref="NeuronException"><see cref="ErrorKind.NotFound"/> when there is no such file; <see cref="ErrorKind.InvalidArgument"/> when it is not a usable ONNX model.</exception>
    public static OnnxModelFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NeuronException.NotFound($"ONNX model file '{path}'");
        }

        using (stream)
        {
            return stream.Length is > 0 and <= int.MaxValue ? ReadMapped(stream) : Read(stream);
        }
    }

    private static unsafe OnnxModelFile ReadMapped(FileStream stream)
    {
        var length = (int)stream.Length;
        using var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        var handle = view.SafeMemoryMappedViewHandle;
        byte* start = null;
        handle.AcquirePointer(ref start);
        try
        {
            return Parse(new ReadOnlySpan<byte>(start + view.PointerOffset, length));
        }
        finally
        {
            handle.ReleasePointer();
        }
    }

    /// <summary>Parses a model from <paramref name="stream"/>, read to its end.</summary>
    /// <exception cref="NeuronException"><see cref="ErrorKind.InvalidArgument"/> when it is not a usable ONNX model.</exception>
    public static OnnxModelFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Unreadable(e);
        }

        return new OnnxModelFile(model);
    }

    /// <summary>Parses a model held in memory.</summary>
    /// <exception cref="NeuronException"><see cref="ErrorKind.InvalidArgument"/> when it is not a usable ONNX model.</exception>
    public static OnnxModelFile Parse(ReadOnlySpan<byte> bytes)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Unreadable(e);
        }

        return new OnnxModelFile(model);
    }

    /// <summary>Finds an initializer by name; its data is decoded only when asked for.</summary>
    /// <exception cref="NeuronException"><see cref="ErrorKind.InvalidArgument"/> when the stored data does not match its dims.</exception>
    public bool TryGetInitializer(string name, [NotNullWhen(true)] out OnnxTensor? tensor)
    {
        tensor = initializers.TryGetValue(name, out var proto) ? new OnnxTensor(proto) : null;
        return tensor is not null;
    }

    private static NeuronException Unreadable(InvalidProtocolBufferException e) =>
        new(ErrorKind.InvalidArgument, $"not a readable ONNX file (truncated, or not ONNX protobuf): {e.Message}", "model", e);
}
