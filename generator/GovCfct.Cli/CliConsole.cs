using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Cli;

/// <summary>
/// Output of the CLI: stdout for results, stderr for diagnostics. Colors only on a terminal without NO_COLOR.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool UseColor { get; } =
        Environment.GetEnvironmentVariable("NO_COLOR") is null
        && ReferenceEquals(error, Console.Error)
        && !Console.IsErrorRedirected;

    /// <summary>Set from <c>--warnings-as-errors</c> once the command line is parsed.</summary>
    public bool WarningsAsErrors { get; set; }

    /// <summary>True once an error (a promoted warning included) was printed: the command then cannot exit 0.</summary>
    public bool WroteError { get; private set; }

    /// <summary>A bag for one command run that honours <c>--warnings-as-errors</c>.</summary>
    public DiagnosticBag NewBag() => new(WarningsAsErrors);

    /// <summary>The folder diagnostics name their files from (<see cref="DiagnosticPaths"/>): the one the command runs in.</summary>
    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public void WriteDiagnostic(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        diagnostic = DiagnosticPaths.FromDirectory(diagnostic, CurrentDirectory);
        if (WarningsAsErrors && diagnostic.Severity == Severity.Warning)
        {
            diagnostic = diagnostic.AsError();
        }

        WroteError |= diagnostic.IsError;
        var text = PrintableText.Of(diagnostic.ToString());
        if (UseColor)
        {
            var color = diagnostic.Severity switch
            {
                Severity.Error => "\u001b[31m",
                Severity.Warning => "\u001b[33m",
                _ => "\u001b[36m",
            };
            Error.WriteLine($"{color}{text}\u001b[0m");
        }
        else
        {
            Error.WriteLine(text);
        }
    }

    public void WriteDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            WriteDiagnostic(diagnostic);
        }
    }
}
