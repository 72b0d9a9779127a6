using NeuronEngine.Core;
using NeuronEngine.Registry.Redis;

namespace NeuronEngine.Engine.Cluster;

/// <summary>Which failures mean "the cluster's Redis cannot be reached now" (retry later) rather than a bug or a bad version.</summary>
internal static class ClusterFailures
{
    public static bool IsUnavailable(Exception exception) =>
        RedisControlPlane.IsUnreachable(exception) || exception is NeuronException { Kind: ErrorKind.Unavailable };
}
