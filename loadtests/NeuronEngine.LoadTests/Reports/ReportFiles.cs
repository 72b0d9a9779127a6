namespace NeuronEngine.LoadTests.Reports;

/// <summary>Where the run's outputs were written (absolute paths).</summary>
internal sealed record ReportFiles(string Directory, string Json, string Markdown, string Plot);
