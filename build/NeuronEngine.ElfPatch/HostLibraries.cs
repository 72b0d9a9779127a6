using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace NeuronEngine.ElfPatch;

/// <summary>
/// Finds the copy of a shared library that the dynamic loader picks on this host, by letting it load the library
/// into this process and reading where it was mapped from. That is the copy an app started the same way gets too,
/// whatever the search path, ld.so.cache or distribution layout.
/// </summary>
internal static class HostLibraries
{
    private static readonly ConcurrentDictionary<string, IReadOnlySet<string>?> Cache = new(StringComparer.Ordinal);

    /// <summary>The versions the host's <paramref name="soname"/> defines; null when the loader cannot find it.</summary>
    public static IReadOnlySet<string>? DefinedVersions(string soname) =>
        Cache.GetOrAdd(soname, static name =>
            Locate(name) is { } path ? ElfFile.Parse(File.ReadAllBytes(path)).ReadVersionDefinitions() : null);

    /// <summary>The file the loader maps for <paramref name="soname"/>, e.g. /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30.</summary>
    public static string? Locate(string soname)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(soname, out _))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // "start-end perms offset dev inode   path": the path starts at the first '/'.
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..];
            var name = Path.GetFileName(path);
            if (name == soname || name.StartsWith(soname + ".", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }
}
