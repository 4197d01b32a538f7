using System.Globalization;

namespace GovCfct.Core.Diagnostics;

/// <summary>How bad a finding is; only <see cref="Error"/> makes a command fail.</summary>
public enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>
/// A 1-based position in a file, so editors and CodeBuild logs can link to the spot. <see cref="File"/> is the name
/// the stage knows the file by (a definition file relative to the definition folder, a package file under the path
/// given on the command line); <see cref="Root"/>, when set, is the absolute folder that name is relative to, so the
/// output can name the file from the current directory (<see cref="Output.DiagnosticPaths"/>). Two locations are
/// equal when file, line and column are: the root says where the name is resolved, not which spot it is.
/// </summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0)
{
    /// <summary>The absolute folder <see cref="File"/> is relative to; null when it is relative to the current directory already.</summary>
    public string? Root { get; init; }

    public bool Equals(SourceLocation? other) =>
        other is not null && string.Equals(File, other.File, StringComparison.Ordinal) && Line == other.Line && Column == other.Column;

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(File), Line, Column);

    public override string ToString() =>
        Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Math.Max(Column, 1)})")
            : File;
}

/// <summary>
/// A finding of any stage. Diagnostics are values collected along the pipeline, never exceptions,
/// so a run reports every problem at once. The severity is the descriptor's; only
/// <see cref="AsError"/> (<c>--warnings-as-errors</c>) raises a warning.
/// </summary>
public sealed record Diagnostic
{
    public Diagnostic(DiagnosticDescriptor descriptor, string message, SourceLocation? location = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
        Severity = descriptor.DefaultSeverity;
        Message = message;
        Location = location;
        Hint = hint;
    }

    /// <summary>What the code is: id, default severity, title, help.</summary>
    public DiagnosticDescriptor Descriptor { get; }

    /// <summary>The descriptor's severity, or <see cref="Severity.Error"/> for a warning raised by <see cref="AsError"/>.</summary>
    public Severity Severity { get; private init; }

    /// <summary>The code, e.g. <c>GCF1706</c>.</summary>
    public string Code => Descriptor.Id;

    public string Message { get; init; }

    public SourceLocation? Location { get; init; }

    public string? Hint { get; init; }

    public bool IsError => Severity == Severity.Error;

    /// <summary>The same finding as an error when it is a warning (<c>--warnings-as-errors</c>); infos and errors stay as they are.</summary>
    public Diagnostic AsError() => Severity == Severity.Warning ? this with { Severity = Severity.Error } : this;

    /// <summary>Compiler form: <c>path(line,col): error GCF1234: message (hint)</c>.</summary>
    public override string ToString()
    {
        var severity = DiagnosticDocs.SeverityName(Severity);
        var where = Location is null ? "govcfct" : Location.ToString();
        var hint = string.IsNullOrEmpty(Hint) ? string.Empty : $" Fix: {Hint}";
        return $"{where}: {severity} {Code}: {Message}{hint}";
    }
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

    private Diagnostic Promote(Diagnostic diagnostic) => WarningsAsErrors ? diagnostic.AsError() : diagnostic;

    /// <summary>Reports <paramref name="descriptor"/> with its own severity; a code has no other.</summary>
    public void Report(DiagnosticDescriptor descriptor, string message, SourceLocation? location = null, string? hint = null) =>
        Add(new Diagnostic(descriptor, message, location, hint));

    /// <summary>Stable order for output: file, line, column, code.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items
            .OrderBy(d => d.Location?.File ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location?.Line ?? 0)
            .ThenBy(d => d.Location?.Column ?? 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)];
}
