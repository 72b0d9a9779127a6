using NeuronEngine.Core;
using Microsoft.Win32.SafeHandles;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    /// <summary>
    /// Seals the full segment (fsync) and continues in a new one whose base is the log's end. No witness goes into the
    /// sealed segment: it would be unsynced bytes in a segment that must be wholly durable.
    /// </summary>
    private void Roll()
    {
        if (!SyncNow())
        {
            return;
        }

        var next = new SegmentFile(end, Path.Combine(directory, LogFormat.SegmentFileName(end)));
        SafeFileHandle? handle = null;
        try
        {
            handle = CreateSegment(next);
            handle.Dispose();
            handle = File.OpenHandle(next.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            handle?.Dispose();
            if (syncFailed)
            {
                // A failed fsync is not retried, not even of another file: the writer stops (see TrySync).
                if (TryStop(ex))
                {
                    Log.SyncFailed(logger, ex);
                }
            }
            else
            {
                Log.RollFailed(logger, ex, end);
            }

            TryDeleteAbandonedSegment(next.Path);
            return;
        }

        this.handle.Dispose();
        this.handle = handle;
        segment = next;
        fileLength = LogFormat.SegmentHeaderSize;

        // The sealed segment is wholly durable (recovery refuses any damage in it), so it needs no witness.
        witnessed = end;
        Volatile.Write(ref segmentsRolled, segmentsRolled + 1);
        Log.SegmentRolled(logger, next.Path, next.BaseOffset);
    }

    /// <summary>
    /// Creates a segment with its header, durable (file and directory entry) before any record goes in. A failed fsync
    /// sets <see cref="syncFailed"/> before it is thrown on, so the caller can tell it from a failure to create the file.
    /// </summary>
    private SafeFileHandle CreateSegment(SegmentFile segment)
    {
        var handle = File.OpenHandle(segment.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            Span<byte> header = stackalloc byte[LogFormat.SegmentHeaderSize];
            LogFormat.WriteSegmentHeader(header, segment.BaseOffset);
            RandomAccess.Write(handle, header, 0);
            try
            {
                FlushFile(handle, segment.Path);
                FileSync.Instance.SyncDirectory(directory);
            }
            catch
            {
                syncFailed = true;
                throw;
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void TryDeleteAbandonedSegment(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Records written to the old segment past the abandoned file's base would leave a gap recovery refuses.
            if (TryStop(ex))
            {
                Log.RollbackFailed(logger, ex, end);
            }
        }
    }
}
