namespace NeuronEngine.LoadTests.Data;

/// <summary>
/// An interactions file in memory, column-wise: users, items and event types interned to dense indices (in order of
/// first appearance), one row per event in file order. The weight of an event is its type's weight.
/// </summary>
internal sealed class InteractionTable
{
    private readonly Dictionary<string, int> userIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> itemIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> typeIndex = new(StringComparer.Ordinal);
    private readonly List<string> users = [];
    private readonly List<string> items = [];
    private readonly List<EventTypeWeight> types = [];
    private readonly List<int> userOf = [];
    private readonly List<int> itemOf = [];
    private readonly List<int> typeOf = [];
    private readonly List<long> ticksOf = [];

    public IReadOnlyList<string> Users => users;

    public IReadOnlyList<string> Items => items;

    /// <summary>The event types with their weights (1-100, as the engine takes them).</summary>
    public IReadOnlyList<EventTypeWeight> Types => types;

    public int Count => userOf.Count;

    public int UserOf(int row) => userOf[row];

    public int ItemOf(int row) => itemOf[row];

    public int TypeOf(int row) => typeOf[row];

    /// <summary>When the event happened, UTC.</summary>
    public DateTime TimeOf(int row) => new(ticksOf[row], DateTimeKind.Utc);

    public int? FindItem(string itemId) => itemIndex.TryGetValue(itemId, out var index) ? index : null;

    public int? FindUser(string userId) => userIndex.TryGetValue(userId, out var index) ? index : null;

    public void Add(string userId, string itemId, int type, DateTime utc)
    {
        userOf.Add(Intern(userIndex, users, userId));
        itemOf.Add(Intern(itemIndex, items, itemId));
        typeOf.Add(type);
        ticksOf.Add(utc.Ticks);
    }

    /// <summary>The index of a type, adding it with <paramref name="weight"/> if new.</summary>
    public int AddType(string type, int weight)
    {
        if (!typeIndex.TryGetValue(type, out var index))
        {
            index = types.Count;
            typeIndex.Add(type, index);
            types.Add(new EventTypeWeight(type, weight));
        }

        return index;
    }

    public void SetTypeWeight(int type, int weight) => types[type] = types[type] with { Weight = weight };

    private static int Intern(Dictionary<string, int> index, List<string> names, string name)
    {
        if (!index.TryGetValue(name, out var id))
        {
            id = names.Count;
            index.Add(name, id);
            names.Add(name);
        }

        return id;
    }
}

/// <summary>An event type and the weight the engine gives it.</summary>
internal readonly record struct EventTypeWeight(string Type, int Weight);
