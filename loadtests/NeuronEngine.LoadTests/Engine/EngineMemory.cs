using System.Globalization;

namespace NeuronEngine.LoadTests.Engine;

/// <summary>Reads a process's resident memory (VmRSS in /proc/&lt;pid&gt;/status) on Linux.</summary>
internal static class EngineMemory
{
    /// <summary>Resident bytes of <paramref name="pid"/>, or null when there is no pid or the file can't be read.</summary>
    public static long? ResidentBytes(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
