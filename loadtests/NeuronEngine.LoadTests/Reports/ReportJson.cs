using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuronEngine.LoadTests.Reports;

/// <summary>How report.json is written and read back (by <c>compare</c> and the tests).</summary>
internal static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(RunReport report) => JsonSerializer.Serialize(report, Options);

    public static RunReport Read(string path) =>
        JsonSerializer.Deserialize<RunReport>(File.ReadAllText(path), Options) ?? throw new InvalidDataException($"{path} holds no report");
}
