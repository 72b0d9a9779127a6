using NeuronEngine.Engine.Cluster;

namespace NeuronEngine.Engine.Tests.Cluster;

public sealed class ServingMessageTests
{
    [Theory]
    [InlineData("promoted")]
    [InlineData("changed")]
    [InlineData("served")]
    public void Parse_WhatFormatWrote_SameMessage(string kind)
    {
        var message = kind switch
        {
            "promoted" => ServingMessage.Promoted("acme", "production", 42),
            "changed" => ServingMessage.Changed("acme", "staging"),
            _ => ServingMessage.Served("host-1a2b3c4d"),
        };

        Assert.Equal(message, ServingMessage.Parse(message.Format()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("promoted\nacme\nproduction\nnot-a-number")]
    [InlineData("retired\nacme")]
    [InlineData("served\na\nb")]
    public void Parse_UnknownOrMalformed_Null(string? text) => Assert.Null(ServingMessage.Parse(text));
}
