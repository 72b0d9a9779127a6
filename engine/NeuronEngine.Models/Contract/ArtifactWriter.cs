using System.Text.Json;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Contract;

/// <summary>Writes an artifact folder (model, vocabulary, manifest) that meets the contract.</summary>
public static class ArtifactWriter
{
    public static void Write(string directory, OnnxGraphBuilder model, IReadOnlyList<string> itemIds, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(itemIds);
        Directory.CreateDirectory(directory);
        model.Save(Path.Combine(directory, ModelContract.ModelFile));
        ModelVocabulary.Write(Path.Combine(directory, ModelContract.VocabularyFile), itemIds);
        File.WriteAllBytes(Path.Combine(directory, ModelContract.ManifestFile), JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJsonContext.Default.ModelManifest));
    }
}
