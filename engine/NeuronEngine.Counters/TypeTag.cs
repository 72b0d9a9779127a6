namespace NeuronEngine.Counters;

/// <summary>An (event type, tag) pair, such as (<c>click</c>, <c>surface:home</c>).</summary>
public readonly record struct TypeTag(string Type, string Tag);
