using NeuronEngine.Engine.Telemetry;
namespace NeuronEngine.Server.Telemetry;

/// <summary>
/// The console log's shape, from <c>Logging:Format</c> (<c>--log-format</c>): <c>simple</c> (one line per event, the
/// default) or <c>json</c> (one JSON object per event, with every structured field, for log shippers).
/// </summary>
internal static class ConsoleLogFormat
{
    public const string Key = "Logging:Format";

    /// <summary>Adds the console logger in the configured format; returns the configuration error, or null.</summary>
    public static string? Configure(ILoggingBuilder logging, string? format)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "simple":
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                });
                return null;
            case "json":
                logging.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.UseUtcTimestamp = true;
                    o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
                });
                return null;
            default:
                return $"{Key} must be simple or json (got \"{format}\")";
        }
    }
}
