using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NeuronEngine.Core;
using NeuronEngine.Engine.Hosting;

namespace NeuronEngine.Engine.Training;

/// <summary>
/// The shared secret trainer processes present in <c>x-trainer-token</c>: the content of <c>&lt;data-dir&gt;/trainer.token</c>,
/// made at start when missing (32 random bytes as hex, readable by the engine's user only).
/// </summary>
/// <remarks>Anyone who can read the data directory can train; anyone who cannot has no way to lease runs or register versions.</remarks>
internal sealed class TrainerToken
{
    public const string Header = "x-trainer-token";
    public const string FileName = "trainer.token";

    private readonly Lazy<byte[]> token;

    public TrainerToken(IOptions<EngineOptions> options)
    {
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.Value.DataDir, FileName));
        token = new Lazy<byte[]>(LoadOrCreate, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The token file's absolute path (a sidecar trainer reads it from here).</summary>
    public string Path { get; }

    /// <summary>Creates the file when missing; throws FailedPrecondition when it exists but is empty.</summary>
    public void EnsureCreated() => _ = token.Value;

    /// <summary>Throws PermissionDenied unless <paramref name="presented"/> (the call's <see cref="Header"/>) is the token; the comparison takes the same time wherever it differs.</summary>
    public void Verify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            throw NeuronException.PermissionDenied(Header, $"trainer calls must carry the engine's trainer token (the file {FileName} in its data directory)");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), token.Value))
        {
            throw NeuronException.PermissionDenied(Header, "the trainer token does not match the engine's");
        }
    }

    private byte[] LoadOrCreate()
    {
        if (!File.Exists(Path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(Path, Encoding.ASCII, options);
                writer.Write(fresh);
            }
            catch (IOException) when (File.Exists(Path))
            {
                // Another engine process made it first; use theirs.
            }
        }

        var text = File.ReadAllText(Path).Trim();
        return text.Length > 0
            ? Encoding.UTF8.GetBytes(text)
            : throw NeuronException.FailedPrecondition($"{Path} is empty; delete it and the engine makes a new trainer token at start");
    }
}
