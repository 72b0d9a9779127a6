using Microsoft.Win32.SafeHandles;

namespace NeuronEngine.EventLog;

public sealed partial class EventLogWriter
{
    /// <summary>Seals the full segment (fsync) and continues in a new one whose base is the log's end.</summary>
    private void Roll()
    {
        if (!SyncNow())
        {
            return;
        }

        var next = new SegmentFile(_end, Path.Combine(_directory, LogFormat.SegmentFileName(_end)));
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
            Log.RollFailed(_logger, ex, _end);
            TryDeleteAbandonedSegment(next.Path);
            return;
        }

        _handle.Dispose();
        _handle = handle;
        _segment = next;
        _fileLength = LogFormat.SegmentHeaderSize;
        Volatile.Write(ref _segmentsRolled, _segmentsRolled + 1);
        Log.SegmentRolled(_logger, next.Path, next.BaseOffset);
    }

    /// <summary>Creates a segment with its header, durable (file and directory entry) before any record goes in.</summary>
    private SafeFileHandle CreateSegment(SegmentFile segment)
    {
        var handle = File.OpenHandle(segment.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            Span<byte> header = stackalloc byte[LogFormat.SegmentHeaderSize];
            LogFormat.WriteSegmentHeader(header, segment.BaseOffset);
            RandomAccess.Write(handle, header, 0);
            RandomAccess.FlushToDisk(handle);
            DirectorySync.Flush(_directory);
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
                Log.RollbackFailed(_logger, ex, _end);
            }
        }
    }
}
