namespace NeuronEngine.LoadTests.Scenarios;

/// <summary>A temp folder for model artifacts, deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"neuron-loadtest-{Guid.NewGuid():N}");

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless.
        }
    }
}
