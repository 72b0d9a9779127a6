using NeuronEngine.Core;

namespace NeuronEngine.Core.Tests;

public sealed class NeuronExceptionTests
{
    [Fact]
    public void InvalidArgument_WithField_MessageIsFieldColonRule()
    {
        var ex = NeuronException.InvalidArgument("events[3].type", "unknown event type \"clik\"");
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("events[3].type", ex.Field);
        Assert.Equal("unknown event type \"clik\"", ex.Rule);
        Assert.Equal("events[3].type: unknown event type \"clik\"", ex.Message);
    }

    [Fact]
    public void NotFound_WithoutField_MessageIsRule()
    {
        var ex = NeuronException.NotFound("event type \"x\" not found");
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Null(ex.Field);
        Assert.Equal("event type \"x\" not found", ex.Message);
    }
}
