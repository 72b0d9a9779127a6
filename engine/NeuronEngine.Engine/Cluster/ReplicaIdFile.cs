using System.Security.Cryptography;
using NeuronEngine.Core;

namespace NeuronEngine.Engine.Cluster;

/// <summary>A replica's name, made at its first start and kept in <c>&lt;data-dir&gt;/replica.id</c>, so a restart is the same replica.</summary>
internal static class ReplicaIdFile
{
    public const string FileName = "replica.id";

    public static string ReadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataDir);
        var id = $"{Environment.MachineName.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        id = new string([.. id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '-')]);
        var temp = path + ".tmp";
        File.WriteAllText(temp, id);
        FileSync.Instance.SyncFile(temp);
        File.Move(temp, path, overwrite: true);
        FileSync.Instance.SyncDirectory(dataDir);
        return id;
    }
}
