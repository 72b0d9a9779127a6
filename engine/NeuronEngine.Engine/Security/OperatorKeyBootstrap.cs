using System.Text;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;
using NeuronEngine.Registry.Keys;

namespace NeuronEngine.Engine.Security;

/// <summary>
/// At the first start (no key ever made), makes an operator key and writes its secret to
/// <see cref="AuthOptions.OperatorKeyFile"/> (<c>&lt;data-dir&gt;/operator.key</c>, mode 0600), logging the path and never
/// the secret. Later starts leave keys alone, so a revoked bootstrap key stays revoked.
/// </summary>
internal sealed partial class OperatorKeyBootstrap(
    KeyAdministration keys,
    IKeyStore store,
    IOptions<AuthOptions> auth,
    IOptions<EngineOptions> engine,
    IFileSync sync,
    ILogger<OperatorKeyBootstrap> logger) : IHostedService
{
    public const string FileName = "operator.key";

    /// <summary>Where the bootstrap secret goes.</summary>
    public string Path => System.IO.Path.GetFullPath(auth.Value.OperatorKeyFile ?? System.IO.Path.Combine(engine.Value.DataDir, FileName));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Any())
        {
            return Task.CompletedTask;
        }

        // The file first, then the key: a crash between them leaves a secret no key matches (the next start makes a new
        // one and overwrites it), never a key whose secret nobody has.
        var key = KeyAdministration.NewKey.Make("operator", TenantId.Default, Roles.Operator, out var secret);
        Write(secret);
        var stored = keys.Store(key);
        Log.Created(logger, stored.KeyId, Path);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write(string secret)
    {
        var path = Path;
        var directory = System.IO.Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.Write(secret);
            writer.Write('\n');
        }

        sync.SyncFile(temporary);
        File.Move(temporary, path, overwrite: true);
        sync.SyncDirectory(directory);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "OperatorKeyCreated", Level = LogLevel.Warning,
            Message = "First start: made operator key {KeyId}; its secret is in {Path} (readable by this user only). Use it with --api-key-file, make keys for your services, and keep or delete the file")]
        public static partial void Created(ILogger logger, string keyId, string path);
    }
}
