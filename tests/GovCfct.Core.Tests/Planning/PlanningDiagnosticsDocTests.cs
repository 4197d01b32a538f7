using System.Reflection;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Planning;

/// <summary>Every planning code (GCF3100-3499) has exactly one row in docs/diagnostics/planning.md, in order.</summary>
public sealed class PlanningDiagnosticsDocTests
{
    [Fact]
    public void Documents_every_planning_code_and_only_those()
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => string.CompareOrdinal(c, "GCF3100") >= 0 && string.CompareOrdinal(c, "GCF3499") <= 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = File.ReadLines(Path.Combine(RepositoryRoot.Path, "docs", "diagnostics", "planning.md"))
            .Where(line => line.StartsWith("| GCF", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1])
            .ToList();

        codes.Should().HaveCount(23);
        documented.Should().Equal(codes);
    }
}
