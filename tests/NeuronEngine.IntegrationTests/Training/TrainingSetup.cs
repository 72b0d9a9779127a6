using System.Text;
using Google.Protobuf;
using NeuronEngine.Contracts.V1;
using NeuronEngine.IntegrationTests.Fixtures;
using NeuronEngine.Testing;

namespace NeuronEngine.IntegrationTests.Training;

/// <summary>Builders for training tests: ready templates, runs and dataset uploads.</summary>
public static class TrainingSetup
{
    public const string TemplateId = "home";
    public const string TemplateName = "Home feed";

    /// <summary>The family runs of the template register in by default: its name in the family alphabet.</summary>
    public const string DefaultFamily = "home-feed";

    /// <summary>A new tenant with event types and a template (click, weight 5, threshold 1; min total 2), published unless <paramref name="publish"/> is false, and <paramref name="clicks"/> clicks.</summary>
    public static async Task<EngineClients> TenantAsync(TrainingEngine engine, int clicks = 4, long minTotal = 2, long threshold = 1, bool publish = true)
    {
        var c = engine.Clients(EngineFixture.NewTenant());
        await Seed.EventTypesAsync(c);
        var template = new Template { TemplateId = TemplateId, Name = TemplateName, MinTotalEvents = minTotal };
        template.Signals.Add(new Signal { Type = "click", Threshold = threshold });
        await c.Templates.CreateTemplateAsync(template).Within();
        if (publish)
        {
            await c.Templates.PublishTemplateAsync(new PublishTemplateRequest { TemplateId = TemplateId }).Within();
        }

        if (clicks > 0)
        {
            await c.Events.TrackAsync(Seed.Batch([.. Enumerable.Range(0, clicks).Select(i => Seed.Event($"u{i % 2}", PlantedModels.ItemId(i)))])).Within();
        }

        return c;
    }

    public static Task<Run> StartAsync(EngineClients c, Action<StartRunRequest>? configure = null)
    {
        var request = new StartRunRequest { TemplateId = TemplateId };
        configure?.Invoke(request);
        return c.Training.StartRunAsync(request).Within();
    }

    /// <summary>One JSON Lines event.</summary>
    public static string Line(string user, string item, string type = "click") =>
        $$"""{"user_id":"{{user}}","item_id":"{{item}}","type":"{{type}}","timestamp":"2025-01-02T03:04:05Z"}""";

    public static async Task<Dataset> UploadAsync(EngineClients c, string datasetId, string text, int chunkBytes = 100)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        using var call = c.Training.UploadDataset();
        try
        {
            await call.RequestStream.WriteAsync(new UploadDatasetRequest { Header = new UploadDatasetHeader { DatasetId = datasetId, Description = "test set" } });
            for (var offset = 0; offset < bytes.Length; offset += chunkBytes)
            {
                await call.RequestStream.WriteAsync(new UploadDatasetRequest { Chunk = ByteString.CopyFrom(bytes, offset, Math.Min(chunkBytes, bytes.Length - offset)) });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is Grpc.Core.RpcException or InvalidOperationException)
        {
            // The engine refused the upload before reading all of it; its answer below says why.
        }

        return await call.ResponseAsync.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
