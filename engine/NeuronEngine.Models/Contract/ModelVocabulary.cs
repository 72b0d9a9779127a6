using System.Collections.Frozen;
using NeuronEngine.Core;

namespace NeuronEngine.Models.Contract;

/// <summary><c>items.txt</c>: model item index ↔ <c>item_id</c>. Line i (UTF-8, no header) is index i.</summary>
public sealed class ModelVocabulary
{
    private ModelVocabulary(string[] itemIds, FrozenDictionary<string, int> indices)
    {
        ItemIds = itemIds;
        Indices = indices;
    }

    /// <summary>Item ids by model index.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Model index by item id.</summary>
    public FrozenDictionary<string, int> Indices { get; }

    public int Count => ItemIds.Count;

    /// <summary>Reads and checks a vocabulary file, adding each problem (line numbers are 1-based) to <paramref name="errors"/>.</summary>
    public static ModelVocabulary? Read(string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!File.Exists(path))
        {
            errors.Add($"{ModelContract.VocabularyFile} is missing");
            return null;
        }

        string[] ids;
        try
        {
            ids = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{ModelContract.VocabularyFile} cannot be read: {ex.Message}");
            return null;
        }

        var indices = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        var before = errors.Count;
        for (var i = 0; i < ids.Length && errors.Count - before < 5; i++)
        {
            if (FieldRules.ValidateId(ids[i]) is { } rule)
            {
                errors.Add($"{ModelContract.VocabularyFile} line {i + 1}: item id {rule}");
            }
            else if (!indices.TryAdd(ids[i], i))
            {
                errors.Add($"{ModelContract.VocabularyFile} line {i + 1}: item id \"{ids[i]}\" repeats line {indices[ids[i]] + 1}");
            }
        }

        if (ids.Length == 0)
        {
            errors.Add($"{ModelContract.VocabularyFile} is empty");
        }

        return errors.Count == before ? new ModelVocabulary(ids, indices.ToFrozenDictionary(StringComparer.Ordinal)) : null;
    }

    /// <summary>Writes a vocabulary file (the trainer and tests use it).</summary>
    public static void Write(string path, IEnumerable<string> itemIds) => File.WriteAllLines(path, itemIds);
}
