using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace NeuronEngine.Trainer.Worker;

/// <summary>Where the engine is, as far as sending secrets in cleartext goes.</summary>
internal static class EngineAddress
{
    /// <summary>
    /// True when <paramref name="engine"/> names this machine: <c>localhost</c>, a loopback address, or an address of one
    /// of this machine's interfaces (a sidecar of an engine bound to one). Traffic to those never leaves the machine.
    /// A host name other than <c>localhost</c> is never taken for this machine: what it resolves to is not the
    /// trainer's to trust.
    /// </summary>
    public static bool IsThisMachine(Uri engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine.IsLoopback)
        {
            return true;
        }

        if (engine.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(engine.Host.Trim('[', ']'), out var address))
        {
            return false;
        }

        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Any(a => a.Address.Equals(address));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
