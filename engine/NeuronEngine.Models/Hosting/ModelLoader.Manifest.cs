using System.Text.Json;
using NeuronEngine.Models.Contract;

namespace NeuronEngine.Models.Hosting;

public sealed partial class ModelLoader
{
    private static ModelManifest? ReadManifest(string path, List<string> errors)
    {
        if (!File.Exists(path))
        {
            errors.Add($"{ModelContract.ManifestFile} is missing");
            return null;
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), ModelJsonContext.Default.ModelManifest);
        }
        catch (JsonException ex)
        {
            errors.Add($"{ModelContract.ManifestFile} is not a valid manifest: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{ModelContract.ManifestFile} cannot be read: {ex.Message}");
            return null;
        }

        if (manifest is null)
        {
            errors.Add($"{ModelContract.ManifestFile} is empty");
            return null;
        }

        var before = errors.Count;
        CheckManifest(manifest, errors);
        return errors.Count == before ? manifest : null;
    }

    /// <summary>
    /// The rules JSON binding cannot enforce: a field written as <c>null</c> replaces its default with null, and numbers
    /// must be usable (a NaN or negative weight would poison every recommendation, not fail one).
    /// </summary>
    private static void CheckManifest(ModelManifest manifest, List<string> errors)
    {
        var file = ModelContract.ManifestFile;
        if (manifest.ContractVersion is not (ModelContract.Version or ModelContract.NeighbourVersion))
        {
            errors.Add($"{file}: contract_version {manifest.ContractVersion} is not served by this engine (it serves {ModelContract.Version} and {ModelContract.NeighbourVersion})");
        }

        if (string.IsNullOrWhiteSpace(manifest.Recipe))
        {
            errors.Add($"{file}: recipe must be a non-empty string");
        }

        if (manifest.Dimensions < 1)
        {
            errors.Add($"{file}: dimensions must be at least 1 (got {manifest.Dimensions})");
        }

        if (manifest.Metrics is null)
        {
            errors.Add($"{file}: metrics must be an object, not null");
        }
        else
        {
            foreach (var (name, value) in manifest.Metrics.Where(m => !double.IsFinite(m.Value)))
            {
                errors.Add($"{file}: metrics.{name} must be a finite number (got {value})");
            }
        }

        if (manifest.Serving is not { } serving)
        {
            errors.Add($"{file}: serving must be an object, not null");
            return;
        }

        if (serving.HistoryLength is < 1 or > 1000)
        {
            errors.Add($"{file}: serving.history_length must be 1-1000 (got {serving.HistoryLength})");
        }

        if (!double.IsFinite(serving.RecencyHalfLifeHours) || serving.RecencyHalfLifeHours < 0)
        {
            errors.Add($"{file}: serving.recency_half_life_hours must be a finite number ≥ 0 (got {serving.RecencyHalfLifeHours})");
        }

        if (serving.SignalWeights is null)
        {
            errors.Add($"{file}: serving.signal_weights must be an object, not null (empty = use each event's own weight)");
            return;
        }

        foreach (var (type, weight) in serving.SignalWeights)
        {
            if (string.IsNullOrWhiteSpace(type))
            {
                errors.Add($"{file}: serving.signal_weights has an empty event type");
            }
            else if (!float.IsFinite(weight) || weight <= 0)
            {
                errors.Add($"{file}: serving.signal_weights.{type} must be a finite number > 0 (got {weight})");
            }
        }
    }
}
