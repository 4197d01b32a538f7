using System.Reflection;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Tests.Definition;

namespace GovCfct.Core.Tests.Publishing;

/// <summary>Every publishing code (GCF4200-4499) has a row in docs/diagnostics/publish.md, and no row names a code that does not exist.</summary>
public sealed class PublishDiagnosticsDocTests
{
    [Fact]
    public void Documents_every_publishing_code_and_only_those()
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => string.CompareOrdinal(c, "GCF4200") >= 0 && string.CompareOrdinal(c, "GCF4499") <= 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = File.ReadLines(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", "publish.md"))
            .Where(line => line.StartsWith("| GCF", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1])
            .ToList();

        codes.Should().HaveCount(22);
        documented.Should().Equal(codes);
    }
}
