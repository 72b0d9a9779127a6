using NeuronEngine.Engine.Backup;

namespace NeuronEngine.Engine.Tests.Backup;

public sealed class BackupOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new BackupOptions().Validate());

    [Fact]
    public void Validate_BlankDirectory_NamesTheKey()
    {
        var error = Assert.Single(new BackupOptions { Directory = "  " }.Validate());
        Assert.StartsWith("Backup:Directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SetDirectory_NoErrors() => Assert.Empty(new BackupOptions { Directory = "/var/backups/neuron" }.Validate());
}
