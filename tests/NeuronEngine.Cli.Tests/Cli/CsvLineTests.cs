using NeuronEngine.Cli.Input;

namespace NeuronEngine.Cli.Tests.Cli;

public sealed class CsvLineTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData(" a , b ,", new[] { "a", "b", "" })]
    [InlineData("\"x, y\",\"say \"\"hi\"\"\",z", new[] { "x, y", "say \"hi\"", "z" })]
    [InlineData("\" padded \",", new[] { " padded ", "" })]
    [InlineData("", new[] { "" })]
    public void Split_Fields_AsRfc4180(string line, string[] expected) => Assert.Equal(expected, CsvLine.Split(line));

    [Theory]
    [InlineData("\"open,b", "unterminated")]
    [InlineData("\"a\"b,c", "after the closing quote")]
    public void Split_Malformed_ThrowsRowException(string line, string reason) =>
        Assert.Contains(reason, Assert.Throws<RowException>(() => CsvLine.Split(line)).Message, StringComparison.Ordinal);
}
