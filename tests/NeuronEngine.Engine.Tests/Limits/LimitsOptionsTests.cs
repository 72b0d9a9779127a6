using NeuronEngine.Engine.Limits;

namespace NeuronEngine.Engine.Tests.Limits;

public sealed class LimitsOptionsTests
{
    [Fact]
    public void Validate_Defaults_Valid() => Assert.Empty(new LimitsOptions().Validate());

    [Fact]
    public void Validate_ZeroCaps_MeanNoLimitAndAreValid() => Assert.Empty(new LimitsOptions
    {
        MaxEventTypes = 0,
        MaxTagValuesPerType = 0,
        MaxCatalogItems = 0,
        MaxEndpoints = 0,
        MaxVersionsPerFamily = 0,
        MaxConcurrentUploads = 0,
        MaxConcurrentUploadsPerTenant = 0,
        BackupsKept = 0,
        BackupMinInterval = TimeSpan.Zero,
    }.Validate());

    [Fact]
    public void Validate_BadCapsAndSizes_NamesEach()
    {
        var errors = new LimitsOptions
        {
            MaxEventTypes = 16_777_217,
            MaxTagValuesPerType = -1,
            MaxCatalogItems = -5,
            MaxEndpoints = 1001,
            MaxVersionsPerFamily = -1,
            MaxConcurrentUploads = -1,
            MaxConcurrentUploadsPerTenant = 1001,
            BackupsKept = -1,
            MaxDatasetLineBytes = 100,
            MaxManifestBytes = 2 * 1024 * 1024,
            BackupMinInterval = TimeSpan.FromDays(8),
        }.Validate();

        foreach (var key in new[]
        {
            "MaxEventTypes", "MaxTagValuesPerType", "MaxCatalogItems", "MaxEndpoints", "MaxVersionsPerFamily", "MaxConcurrentUploads",
            "MaxConcurrentUploadsPerTenant", "BackupsKept", "MaxDatasetLineBytes", "MaxManifestBytes", "BackupMinInterval",
        })
        {
            Assert.Contains(errors, e => e.StartsWith($"Limits:{key} must be", StringComparison.Ordinal));
        }

        Assert.Equal(11, errors.Count);
    }
}
