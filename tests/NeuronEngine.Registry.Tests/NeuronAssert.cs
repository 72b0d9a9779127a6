using NeuronEngine.Core;

namespace NeuronEngine.Registry.Tests;

/// <summary>Asserts on the kind and field of a <see cref="NeuronException"/>.</summary>
public static class NeuronAssert
{
    public static NeuronException Throws(ErrorKind kind, Action action)
    {
        var ex = Assert.Throws<NeuronException>(action);
        Assert.Equal(kind, ex.Kind);
        return ex;
    }

    public static NeuronException InvalidArgument(string field, Action action)
    {
        var ex = Throws(ErrorKind.InvalidArgument, action);
        Assert.Equal(field, ex.Field);
        return ex;
    }
}
