using Spectre.Console;

namespace NeuronEngine.Cli;

/// <summary>
/// Where a command writes: <see cref="Ansi"/> for tables, progress and live views (stdout), <see cref="Out"/> for
/// machine output such as JSON (the same stdout, unformatted), <see cref="Error"/> for the one-line errors.
/// </summary>
public sealed class CliConsole
{
    private CliConsole(IAnsiConsole ansi, TextWriter output, TextWriter error, bool interactive)
    {
        Ansi = ansi;
        Out = output;
        Error = error;
        IsInteractive = interactive;
    }

    /// <summary>Rich output on stdout.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Plain stdout.</summary>
    public TextWriter Out { get; }

    /// <summary>Plain stderr.</summary>
    public TextWriter Error { get; }

    /// <summary>True on a terminal: live views redraw in place; otherwise they print one line per change.</summary>
    public bool IsInteractive { get; }

    /// <summary>The process's own console.</summary>
    public static CliConsole System()
    {
        var ansi = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Spectre assumes 80 columns when there is no terminal; piped tables should not be squeezed or wrapped.
            ansi.Profile.Width = 200;
        }

        return new CliConsole(ansi, Console.Out, Console.Error, !Console.IsOutputRedirected);
    }

    /// <summary>A console writing to the given writers without colour or cursor movement (tests, redirected output).</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ansi.Profile.Width = 200;
        return new CliConsole(ansi, output, error, interactive: false);
    }
}
