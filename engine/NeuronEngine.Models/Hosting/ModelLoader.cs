using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using NeuronEngine.Core;
using NeuronEngine.Models.Contract;
using NeuronEngine.Onnx;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Loads an artifact folder into a <see cref="LoadedModel"/>: checks every part of the contract (collecting all
/// problems, not just the first), creates the ONNX Runtime session from the file path, runs the model to check what it
/// returns, reads the item table and warms the session up. Anything wrong is one <see cref="NeuronException"/>
/// (<see cref="ErrorKind.InvalidArgument"/>) listing every problem, with the artifact's folder shown as <c>&lt;artifact&gt;</c>.
/// </summary>
public sealed partial class ModelLoader(ExecutionProviders providers, IOptions<InferenceOptions> options, ILogger<ModelLoader> logger) : IDisposable
{
    /// <summary>The error field for an artifact that is not (yet) a version.</summary>
    private const string ArtifactField = "artifact";

    private readonly SemaphoreSlim checks = new(1, 1);

    /// <summary>Stops inferences past their deadline, for the checks here and for every model this loader loads.</summary>
    private readonly InferenceWatchdog watchdog = new(
        options.Value.RunTimeout < options.Value.CheckTimeout ? options.Value.RunTimeout : options.Value.CheckTimeout, TimeProvider.System);

    /// <summary>Checks an artifact as <see cref="Load"/> does (without the warm-up), then lets it go (registration uses this).</summary>
    public ModelManifest Check(string artifactDirectory)
    {
        var (session, _, manifest, _) = Inspect(artifactDirectory, ArtifactField);
        session.Dispose();
        return manifest;
    }

    /// <summary>
    /// <see cref="Check"/> off the caller's thread, one at a time: a check loads the whole model (ONNX Runtime session,
    /// parsed file, item table — about three times the model's size), so concurrent uploads must not multiply that.
    /// </summary>
    public async Task<ModelManifest> CheckAsync(string artifactDirectory, CancellationToken cancellationToken)
    {
        await checks.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Check(artifactDirectory), cancellationToken);
        }
        finally
        {
            checks.Release();
        }
    }

    public void Dispose()
    {
        checks.Dispose();
        watchdog.Dispose();
    }

    /// <summary>Loads and warms up the artifact in <paramref name="artifactDirectory"/>; the caller owns the returned reference.</summary>
    public LoadedModel Load(VersionKey key, string artifactDirectory, Action<LoadedModel> onDisposed)
    {
        var field = $"{ArtifactField} {key}";
        var (session, vocabulary, manifest, table) = Inspect(artifactDirectory, field);
        OrtAllocator? hostMemory;
        try
        {
            hostMemory = HostMemory(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        var model = new LoadedModel(key, session, vocabulary, manifest, table, watchdog, options.Value.CheckTimeout, onDisposed, hostMemory);
        try
        {
            WarmUp(model, artifactDirectory, field);
            model.RunTimeout = options.Value.RunTimeout;
            return model;
        }
        catch
        {
            model.Release();
            throw;
        }
    }

    /// <summary>Checks the whole contract; on success the caller owns the session.</summary>
    private (InferenceSession Session, ModelVocabulary Vocabulary, ModelManifest Manifest, IItemSimilarity Table) Inspect(string artifactDirectory, string field)
    {
        var errors = new List<string>();
        var manifest = ReadManifest(Path.Combine(artifactDirectory, ModelContract.ManifestFile), errors);
        var vocabulary = ModelVocabulary.Read(Path.Combine(artifactDirectory, ModelContract.VocabularyFile), errors);
        var modelPath = Path.Combine(artifactDirectory, ModelContract.ModelFile);
        if (!File.Exists(modelPath))
        {
            errors.Add($"{ModelContract.ModelFile} is missing");
        }

        ThrowIfAny(field, artifactDirectory, errors);

        // ONNX Runtime only sees a file this reader could parse and whose declarations are safe to load (no external
        // data, only the contract's operators, no absurd shapes): loading alone would act on them.
        var file = ReadModelFile(modelPath, errors);
        if (file is not null)
        {
            ModelFileCheck.Check(file, new FileInfo(modelPath).Length, errors);
        }

        ThrowIfAny(field, artifactDirectory, errors);
        var session = CreateSession(modelPath, errors);
        if (session is null)
        {
            ThrowIfAny(field, artifactDirectory, errors);
        }

        try
        {
            ModelSignature.Check(session!, vocabulary!.Count, errors);
            var table = ItemTableReader.Read(file!, vocabulary.Count, manifest!.Dimensions, errors);
            if (manifest!.Items != vocabulary.Count)
            {
                errors.Add($"{ModelContract.ManifestFile}: items is {manifest.Items} but {ModelContract.VocabularyFile} has {vocabulary.Count} lines");
            }

            ThrowIfAny(field, artifactDirectory, errors);

            // What the model returns is part of the contract too: serving indexes with it.
            ModelOutputCheck.Check(session!, vocabulary.Count, options.Value.CheckTimeout, errors);
            ThrowIfAny(field, artifactDirectory, errors);
            return (session!, vocabulary, manifest, table!);
        }
        catch
        {
            session!.Dispose();
            throw;
        }
    }

    private InferenceSession? CreateSession(string modelPath, List<string> errors)
    {
        var sessionOptions = providers.CreateSessionOptions();
        try
        {
            // On a device, an 8-bit model's activations become int8, so its product runs there (SignedActivations).
            if (providers.DevicePath && SignedActivations.Rewrite(modelPath) is { } deviceGraph)
            {
                return new InferenceSession(deviceGraph, sessionOptions);
            }

            // From the path, not a byte[]: measured 13 ms against 130 ms for a 25.6 MB model.
            return new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            errors.Add($"{ModelContract.ModelFile}: ONNX Runtime cannot load it: {FirstLine(ex.Message)}");
            return null;
        }
        finally
        {
            sessionOptions.Dispose();
        }
    }

    /// <summary>
    /// Where IO-bound runs keep their inputs and outputs: page-locked memory of the CUDA device, or ONNX Runtime's CPU
    /// allocator when a test takes the device path on CPU; null when models run the plain way (<see cref="ExecutionProviders.DevicePath"/>).
    /// </summary>
    private OrtAllocator? HostMemory(InferenceSession session)
    {
        if (!providers.DevicePath)
        {
            return null;
        }

        using var pinned = providers.PinnedHostMemory();
        return pinned is null ? OrtAllocator.DefaultInstance : new OrtAllocator(session, pinned);
    }

    private static OnnxModelFile? ReadModelFile(string modelPath, List<string> errors)
    {
        try
        {
            var file = OnnxModelFile.Read(modelPath);
            if (file.OpsetVersion < ModelContract.MinOpsetVersion)
            {
                errors.Add($"{ModelContract.ModelFile} uses opset {file.OpsetVersion}; the contract needs opset {ModelContract.MinOpsetVersion} or later");
            }

            return file;
        }
        catch (NeuronException ex)
        {
            errors.Add($"{ModelContract.ModelFile}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{ModelContract.ModelFile} cannot be read: {ex.Message}");
        }

        return null;
    }

    private void WarmUp(LoadedModel model, string artifactDirectory, string field)
    {
        var k = Math.Min(10, model.ItemCount);
        var mask = new ExcludeMask(new bool[model.ItemCount]);
        var indices = new int[k];
        var scores = new float[k];
        try
        {
            WarmUpFullBatch(model, mask);
            for (var i = 0; i < options.Value.WarmupRuns; i++)
            {
                model.Run([i % model.ItemCount], [1f], 1, k, mask, indices, scores);
            }
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or NeuronException)
        {
            // The message says when the warm-up ran past Inference:CheckTimeout (the model's run timeout until it is shared).
            ThrowIfAny(field, artifactDirectory, [$"{ModelContract.ModelFile} failed its warm-up inference: {FirstLine(ex.Message)}"]);
        }

        Log.WarmedUp(logger, model.Key, model.ItemCount, options.Value.WarmupRuns);
    }

    /// <summary>One inference of <see cref="InferenceOptions.WarmupBatch"/> rows of full history (see there why).</summary>
    private void WarmUpFullBatch(LoadedModel model, ExcludeMask mask)
    {
        var batch = options.Value.WarmupBatch;
        if (batch == 0)
        {
            return;
        }

        var history = Math.Max(1, model.Manifest.Serving.HistoryLength);
        var rows = new InferenceRow[batch];
        for (var r = 0; r < batch; r++)
        {
            var row = new InferenceRow();
            row.EnsureHistoryCapacity(history);
            for (var h = 0; h < history; h++)
            {
                row.Items[h] = ((r * history) + h) % model.ItemCount;
                row.Weights[h] = 1f;
            }

            row.Length = history;
            row.SetK(Math.Min(model.ItemCount, 100));
            rows[r] = row;
        }

        // Only memory is being warmed: what these synthetic rows return is not checked (the contract check above
        // judged the outputs), and a row the model fails leaves its error in the row, not in the load.
        model.Run(rows, mask);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "WarmedUp", Level = LogLevel.Debug, Message = "Model {Version} loaded ({Items} items) and warmed up with {Runs} inferences")]
        public static partial void WarmedUp(ILogger logger, VersionKey version, int items, int runs);
    }
}
