using System.Reflection;

namespace GovCfct.Core.Diagnostics;

/// <summary>
/// Every diagnostic code as a <see cref="DiagnosticDescriptor"/>, one range per stage (<see cref="DiagnosticPage"/>
/// holds the ranges and the docs page of each). Each stage keeps its codes in its own partial file
/// (<c>DiagnosticCodes.&lt;Stage&gt;.cs</c>). The code tables of docs/diagnostics/*.md and docs/diagnostics.md are
/// generated from these descriptors (DiagnosticDocsTests rewrites them with GOVCFCT_UPDATE_GOLDEN=1).
/// A new code: add a descriptor here in its stage's range, report it with <c>diagnostics.Report(DiagnosticCodes.X, ...)</c>,
/// and regenerate the docs table.
/// </summary>
public static partial class DiagnosticCodes
{
    /// <summary>An argument or option on the command line is wrong.</summary>
    public static readonly DiagnosticDescriptor UsageError = new(
        "GCF9001",
        Severity.Error,
        DiagnosticPage.CommandLine,
        "an argument or option is wrong (exit 2)",
        "see `govcfct <command> --help`");

    /// <summary>A file or folder could not be read or written.</summary>
    public static readonly DiagnosticDescriptor IoError = new(
        "GCF9002",
        Severity.Error,
        DiagnosticPage.CommandLine,
        "a file or folder could not be read or written",
        "check the path and permissions");

    /// <summary>A bug: an unexpected exception. Details with --verbose.</summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "GCF9099",
        Severity.Error,
        DiagnosticPage.CommandLine,
        "internal error (exit 70)",
        "run again with `--verbose` and report it");

    /// <summary>Every descriptor, ordered by id.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => Registry.All;

    /// <summary>The descriptor with id <paramref name="id"/> (e.g. <c>GCF1706</c>), or null.</summary>
    public static DiagnosticDescriptor? Find(string id) => Registry.ById.GetValueOrDefault(id);

    /// <summary>The field name of <paramref name="descriptor"/> (e.g. <c>PolicyResourceInvalid</c>, SARIF's rule name), or null for one not declared here.</summary>
    public static string? NameOf(DiagnosticDescriptor descriptor) => Registry.Names.GetValueOrDefault(descriptor);

    /// <summary>Built on first use, after every descriptor field of every partial file is initialized.</summary>
    private static class Registry
    {
        private static readonly List<(string Name, DiagnosticDescriptor Descriptor)> Fields =
        [
            .. typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => (f.Name, (DiagnosticDescriptor)f.GetValue(null)!))
                .OrderBy(f => f.Item2.Id, StringComparer.Ordinal)
                .ThenBy(f => f.Name, StringComparer.Ordinal),
        ];

        public static readonly IReadOnlyList<DiagnosticDescriptor> All = [.. Fields.Select(f => f.Descriptor)];

        public static readonly Dictionary<DiagnosticDescriptor, string> Names = Fields
            .GroupBy(f => f.Descriptor)
            .ToDictionary(g => g.Key, g => g.First().Name);

        public static readonly Dictionary<string, DiagnosticDescriptor> ById = All
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }
}
