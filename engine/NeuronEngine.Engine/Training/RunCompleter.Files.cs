namespace NeuronEngine.Engine.Training;

internal sealed partial class RunCompleter
{
    /// <summary>Moves the trainer's folder into staging; across file systems a rename fails, so the files are copied and the original removed.</summary>
    private static void Take(string source, string staging)
    {
        try
        {
            Directory.Move(source, staging);
            return;
        }
        catch (IOException)
        {
        }

        Directory.CreateDirectory(staging);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }

        try
        {
            Directory.Delete(source, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Puts a taken artifact back for the trainer's retry when the completion did not commit (best effort).</summary>
    private static void Restore(string staging, string source)
    {
        try
        {
            if (Directory.Exists(staging) && !Directory.Exists(source))
            {
                Directory.Move(staging, source);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
