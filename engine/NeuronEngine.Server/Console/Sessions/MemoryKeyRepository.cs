using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace NeuronEngine.Server.Console.Sessions;

/// <summary>
/// Where ASP.NET Core's data protection keeps the keys that sign the console's anti-forgery tokens: in memory, for the
/// engine's lifetime, like the sessions the tokens go with. Nothing is written to disk (not to the data directory, not
/// to a home folder), and a restart invalidates both together.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class MemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> elements = [];
    private readonly Lock gate = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (gate)
        {
            return [.. elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        lock (gate)
        {
            elements.Add(new XElement(element));
        }
    }
}
