using Google.Protobuf;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Fixtures;

/// <summary>Registers artifacts over the real RegisterVersion stream.</summary>
public static class ModelUploads
{
    public static async Task<ModelVersion> RegisterAsync(EngineClients c, string family, byte[] zip, string? runId = null, string? templateId = null, int chunkBytes = 64 * 1024)
    {
        using var call = c.Models.RegisterVersion();
        await call.RequestStream.WriteAsync(new RegisterVersionRequest { Header = new RegisterVersionHeader { Family = family, RunId = runId ?? "", TemplateId = templateId ?? "" } });
        for (var offset = 0; offset < zip.Length; offset += chunkBytes)
        {
            await call.RequestStream.WriteAsync(new RegisterVersionRequest { Chunk = ByteString.CopyFrom(zip, offset, Math.Min(chunkBytes, zip.Length - offset)) });
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Registers a planted model (<see cref="PlantedModels"/>), approves it, and returns its version number.</summary>
    public static async Task<int> RegisterApprovedAsync(EngineClients c, string family, TempDirectory scratch, string name, int items = 40, int clusters = 4, Dictionary<string, float>? signalWeights = null, float scale = 1f)
    {
        var artifact = PlantedModels.Write(scratch.Combine(name), items, clusters, signalWeights: signalWeights, scale: scale);
        var version = await RegisterAsync(c, family, PlantedModels.Zip(artifact));
        await c.Models.ApproveVersionAsync(new ApproveVersionRequest { Family = family, Version = version.Version }).Within();
        return version.Version;
    }
}
