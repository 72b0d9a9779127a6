using NeuronEngine.Core;

namespace NeuronEngine.Registry;

/// <summary>
/// How much one tenant may keep in the registry. Not a configuration section of its own: the engine sets it from its
/// <c>Limits</c> section, so each <see cref="CountLimit"/> names the setting a caller should look up. Unset limits are off.
/// </summary>
/// <remarks>
/// The stores check each limit inside the write transaction that would pass it (<c>BEGIN IMMEDIATE</c>, so SQLite's write
/// lock serialises the count and the insert): two concurrent calls cannot both pass a limit by one.
/// </remarks>
public sealed class RegistryLimits
{
    /// <summary>Event types a tenant may have defined at once.</summary>
    public CountLimit EventTypes { get; set; }

    /// <summary>Endpoints a tenant may have serving a version or being promoted to.</summary>
    public CountLimit Endpoints { get; set; }

    /// <summary>Versions one family may hold; a run that will register one counts while it is queued or running.</summary>
    public CountLimit VersionsPerFamily { get; set; }
}
