using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuronEngine.Testing;

namespace NeuronEngine.Client.Tests.Docs;

/// <summary>
/// docs/client.md's C# examples compile against the SDK as it is: a renamed or reshaped call breaks this test, not a
/// reader's first try.
/// </summary>
/// <remarks>
/// Each <c>```csharp</c> block becomes the body of a method of its own; its <c>using</c> directives go to the top of the
/// file, beside a console project's implicit usings. The page promises a <c>client</c>, and the logger example a <c>loggerFactory</c>: fields of the class, which a
/// block's own locals of those names hide.
/// </remarks>
public sealed partial class ClientDocExamplesTests
{
    [Fact]
    public void ClientMd_EveryCSharpExample_Compiles()
    {
        var blocks = Blocks(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "client.md")));
        var source = Program(blocks, out var lineOfBlock);

        var compilation = CSharpCompilation.Create(
            "ClientDocExamples",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(blocks.Count >= 20, $"only {blocks.Count} C# blocks found in docs/client.md");
        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => Describe(e, blocks, lineOfBlock))));
    }

    /// <summary>The contents of each <c>```csharp</c> fence with the markdown line it starts on.</summary>
    private static List<(int Line, string Code)> Blocks(string markdown)
    {
        var blocks = new List<(int, string)>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }

            var start = i + 1;
            var code = new StringBuilder();
            for (i = start; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
            {
                code.AppendLine(lines[i]);
            }

            blocks.Add((start + 1, code.ToString()));
        }

        return blocks;
    }

    private static string Program(List<(int Line, string Code)> blocks, out List<(int FirstLine, int Block)> lineOfBlock)
    {
        // A console project's implicit usings, which the page assumes.
        var usings = new SortedSet<string>(StringComparer.Ordinal)
        {
            "using System;", "using System.Collections.Generic;", "using System.IO;", "using System.Linq;", "using System.Net.Http;",
            "using System.Threading;", "using System.Threading.Tasks;",
        };
        var bodies = new StringBuilder();
        lineOfBlock = [];
        var line = 0;
        for (var b = 0; b < blocks.Count; b++)
        {
            var statements = new StringBuilder();
            foreach (var codeLine in blocks[b].Code.Split('\n'))
            {
                if (UsingDirective().IsMatch(codeLine))
                {
                    usings.Add(codeLine.Trim());
                    statements.AppendLine();
                }
                else
                {
                    statements.AppendLine(codeLine.TrimEnd('\r'));
                }
            }

            bodies.AppendLine($"    private static async Task Example{b}()").AppendLine("    {");
            line += 2;
            lineOfBlock.Add((line, b));
            bodies.Append(statements).AppendLine("        await Task.CompletedTask;").AppendLine("    }");
            line += statements.ToString().Count(c => c == '\n') + 2;
        }

        var header = new StringBuilder();
        foreach (var directive in usings)
        {
            header.AppendLine(directive);
        }

        header.AppendLine("internal static class Examples").AppendLine("{")
            .AppendLine("    private static NeuronClient client = null!;")
            .AppendLine("    private static Microsoft.Extensions.Logging.ILoggerFactory loggerFactory = null!;");
        var offset = header.ToString().Count(c => c == '\n');
        lineOfBlock = [.. lineOfBlock.Select(l => (l.FirstLine + offset, l.Block))];
        return header.Append(bodies).AppendLine("}").ToString();
    }

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));

    /// <summary>An error with the markdown line it comes from.</summary>
    private static string Describe(Diagnostic error, List<(int Line, string Code)> blocks, List<(int FirstLine, int Block)> lineOfBlock)
    {
        var line = error.Location.GetLineSpan().StartLinePosition.Line;
        var (firstLine, block) = lineOfBlock.LastOrDefault(l => l.FirstLine <= line);
        return $"docs/client.md line {blocks[block].Line + (line - firstLine)}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    [GeneratedRegex(@"^\s*using\s+[A-Za-z_][\w.]*\s*;\s*$")]
    private static partial Regex UsingDirective();
}
