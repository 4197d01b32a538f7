using System.Globalization;

namespace GovCfct.Core.Diagnostics;

/// <summary>How bad a finding is; only <see cref="Error"/> makes a command fail.</summary>
public enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>A 1-based position in a file, so editors and CodeBuild logs can link to the spot.</summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    public override string ToString() =>
        Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Math.Max(Column, 1)})")
            : File;
}

/// <summary>
/// A finding of any stage. Diagnostics are values collected along the pipeline, never exceptions,
/// so a run reports every problem at once.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, SourceLocation? Location = null, string? Hint = null)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>Compiler form: <c>path(line,col): error GCF1234: message (hint)</c>.</summary>
    public override string ToString()
    {
        var severity = Severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
        var where = Location is null ? "govcfct" : Location.ToString();
        var hint = string.IsNullOrEmpty(Hint) ? string.Empty : $" Fix: {Hint}";
        return $"{where}: {severity} {Code}: {Message}{hint}";
    }

    public static Diagnostic Error(string code, string message, SourceLocation? location = null, string? hint = null) =>
        new(Severity.Error, code, message, location, hint);

    public static Diagnostic Warning(string code, string message, SourceLocation? location = null, string? hint = null) =>
        new(Severity.Warning, code, message, location, hint);

    public static Diagnostic Info(string code, string message, SourceLocation? location = null, string? hint = null) =>
        new(Severity.Info, code, message, location, hint);
}

/// <summary>Collects diagnostics of one run; order of addition is kept, sorting happens when printed.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public DiagnosticBag()
    {
    }

    /// <summary>With <paramref name="warningsAsErrors"/>, every warning is recorded as an error, so each stage stops and writes nothing as it would on an error.</summary>
    public DiagnosticBag(bool warningsAsErrors) => WarningsAsErrors = warningsAsErrors;

    /// <summary>The <c>--warnings-as-errors</c> switch: a CI gate that fails on anything a reviewer should look at.</summary>
    public bool WarningsAsErrors { get; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Add(Diagnostic diagnostic) => _items.Add(Promote(diagnostic));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics.Select(Promote));

    private Diagnostic Promote(Diagnostic diagnostic) =>
        WarningsAsErrors && diagnostic.Severity == Severity.Warning ? diagnostic with { Severity = Severity.Error } : diagnostic;

    public void Error(string code, string message, SourceLocation? location = null, string? hint = null) =>
        Add(Diagnostic.Error(code, message, location, hint));

    public void Warning(string code, string message, SourceLocation? location = null, string? hint = null) =>
        Add(Diagnostic.Warning(code, message, location, hint));

    /// <summary>Stable order for output: file, line, column, code.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items
            .OrderBy(d => d.Location?.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location?.Line ?? 0)
            .ThenBy(d => d.Location?.Column ?? 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)];
}
