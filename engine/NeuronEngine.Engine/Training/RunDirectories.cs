using Microsoft.Extensions.Options;
using NeuronEngine.EventLog;
using NeuronEngine.Engine.Hosting;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// Where trainers work: each leased run gets <c>&lt;data-dir&gt;/training/runs/&lt;run id&gt;</c>, on the same file system as
/// the model store so a finished artifact moves in without a copy. A run's folder is deleted when the run ends, and
/// folders of runs that ended while the engine was down at the next start.
/// </summary>
internal sealed class RunDirectories(IOptions<EngineOptions> engine, IOptions<EventLogOptions> eventLog)
{
    public string Root { get; } = Path.GetFullPath(Path.Combine(engine.Value.DataDir, "training", "runs"));

    /// <summary>The event log's directory, absolute, for trainers that read it.</summary>
    public string EventLog { get; } = Path.GetFullPath(eventLog.Value.Directory);

    /// <summary>The run's work folder, created.</summary>
    public string For(string runId)
    {
        var path = PathOf(runId);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The run's work folder, absolute, whether it exists or not.</summary>
    public string PathOf(string runId) => Path.Combine(Root, runId);

    /// <summary>
    /// <paramref name="path"/> made absolute when it is the run's work folder or a folder inside it, reached without a
    /// symbolic link; null otherwise. What a trainer names is moved and deleted, so it must be the run's own scratch.
    /// </summary>
    public string? Confine(string runId, string path)
    {
        var root = PathOf(runId);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (full != root && !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        // A link anywhere from the work folder down would let the move reach outside it.
        for (var folder = new DirectoryInfo(full); folder is not null; folder = folder.Parent)
        {
            if (folder.LinkTarget is not null)
            {
                return null;
            }

            if (folder.FullName.Length <= root.Length)
            {
                break;
            }
        }

        return full;
    }

    /// <summary>Deletes a finished run's work folder; one that cannot be deleted now goes at the next start.</summary>
    public void Delete(string runId)
    {
        try
        {
            var path = PathOf(runId);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Deletes the work folders of runs that are not running (what is left of them is of no use).</summary>
    public void Clean(Func<string, bool> isRunning)
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (!isRunning(Path.GetFileName(folder)))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Left for the next start.
                }
            }
        }
    }
}
