namespace NeuronEngine.Fuzz;

/// <summary>One thing to fuzz: how to run an input, and valid inputs to start mutating from.</summary>
internal abstract class FuzzTarget
{
    public abstract string Name { get; }

    /// <summary>Runs one input. Returns normally for any documented outcome; any exception that escapes is a crash.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>Valid inputs (AFL's starting corpus, and what the random mode mutates).</summary>
    public abstract IReadOnlyList<byte[]> Seeds(Random random);

    public static IReadOnlyList<FuzzTarget> All { get; } = [new LogRecordTarget(), new OnnxModelTarget()];
}
