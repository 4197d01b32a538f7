using System.Reflection;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Definition;

/// <summary>Every definition code (GCF1000-1199) has a row in docs/diagnostics/definition.md, and no row names a code that does not exist.</summary>
public sealed class DefinitionDiagnosticsDocTests
{
    [Fact]
    public void Documents_every_definition_code_and_only_those()
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => string.CompareOrdinal(c, "GCF1000") >= 0 && string.CompareOrdinal(c, "GCF1199") <= 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = File.ReadLines(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", "definition.md"))
            .Where(line => line.StartsWith("| GCF", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1])
            .ToList();

        codes.Should().NotBeEmpty();
        documented.Should().Equal(codes);
    }
}
