namespace NeuronEngine.Server.Hosting;

/// <summary>
/// <c>--cluster redis=HOST:PORT[,HOST:PORT…]</c>: the value names the distributed engine the replicas share (only
/// <c>redis</c> exists) and its configuration string, which becomes <c>Cluster:Redis</c>.
/// </summary>
internal static class ClusterSwitch
{
    private const string Scheme = "redis=";

    /// <summary>Returns the arguments with the switch's value reduced to the configuration string; <paramref name="error"/> names a value without <c>redis=</c>.</summary>
    public static string[] Rewrite(string[] args, out string? error)
    {
        error = null;
        var result = (string[])args.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            string? value = null;
            if (string.Equals(result[i], "--cluster", StringComparison.OrdinalIgnoreCase) && i + 1 < result.Length)
            {
                value = result[++i];
            }
            else if (result[i].StartsWith("--cluster=", StringComparison.OrdinalIgnoreCase))
            {
                value = result[i]["--cluster=".Length..];
                result[i] = "--cluster";
                Array.Resize(ref result, result.Length + 1);
                Array.Copy(result, i + 1, result, i + 2, result.Length - i - 2);
                result[++i] = value;
            }

            if (value is null)
            {
                continue;
            }

            if (!value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || value.Length == Scheme.Length)
            {
                error = $"--cluster must be redis=HOST:PORT[,HOST:PORT…] (a StackExchange.Redis configuration string after redis=), not \"{value}\"";
                continue;
            }

            result[i] = value[Scheme.Length..];
        }

        return result;
    }
}
