using NeuronEngine.Core;
using StackExchange.Redis;

namespace NeuronEngine.Registry.Redis;

public sealed partial class RedisBlobStore
{
    /// <summary>
    /// Records <paramref name="holder"/> as keeping the blob, so <see cref="ReleaseAsync"/> by another holder of the same
    /// bytes (two datasets with one content) leaves it stored. False when the blob is not stored (a release removed it
    /// after the put): put it again, then hold again.
    /// </summary>
    public async Task<bool> HoldAsync(string id, string holder)
    {
        RequireId(id);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        try
        {
            return (long)await Database.ScriptEvaluateAsync(Scripts.Hold, [Key(id, "meta"), Key(id, "holders")], [holder]) == 1;
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }

    /// <summary><see cref="PutAsync"/> then <see cref="HoldAsync"/>, again while a concurrent release removes the blob in between.</summary>
    public async Task<string> PutAndHoldAsync(Stream content, string holder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = content.CanSeek ? content.Position : 0;
        for (var attempt = 1; ; attempt++)
        {
            var id = await PutAsync(content, cancellationToken);
            if (await HoldAsync(id, holder))
            {
                return id;
            }

            if (attempt == 3 || !content.CanSeek)
            {
                throw NeuronException.Unavailable($"blob {id} kept being removed while it was stored; store it again");
            }

            content.Position = start;
        }
    }

    /// <summary>Removes <paramref name="holder"/>'s hold and deletes the blob when nobody else holds it; true when it was deleted.</summary>
    public Task<bool> ReleaseAsync(string id, string holder)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        return RemoveAsync(id, holder, keepWhileHeld: true);
    }

    /// <summary>Deletes the blob whoever holds it; true when there was one to delete. A put of it still running stores it again.</summary>
    public Task<bool> DeleteAsync(string id) => RemoveAsync(id, string.Empty, keepWhileHeld: false);

    private async Task<bool> RemoveAsync(string id, string holder, bool keepWhileHeld)
    {
        RequireId(id);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // The chunk keys come from the meta read first; the script checks the count again, atomically, before it
                // removes anything (ids name their bytes, so only another chunk size could change it).
                var chunks = (long?)await Database.HashGetAsync(Key(id, "meta"), "chunks") ?? 0;
                var keys = new RedisKey[chunks + 2];
                keys[0] = Key(id, "meta");
                keys[1] = Key(id, "holders");
                for (var i = 0; i < chunks; i++)
                {
                    keys[i + 2] = ChunkKey(id, i);
                }

                var removed = (long)await Database.ScriptEvaluateAsync(Scripts.Remove, keys, [holder, keepWhileHeld ? "1" : "0"]);
                if (removed >= 0)
                {
                    return removed == 1;
                }

                if (attempt == 3)
                {
                    throw NeuronException.Unavailable($"blob {id} kept changing while it was being deleted; delete it again");
                }
            }
        }
        catch (Exception ex) when (RedisControlPlane.IsUnreachable(ex))
        {
            throw RedisControlPlane.Unreachable(ex);
        }
    }
}
