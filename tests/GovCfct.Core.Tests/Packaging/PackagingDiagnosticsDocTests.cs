using System.Reflection;
using System.Runtime.CompilerServices;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Packaging;

/// <summary>Resolution (GCF1400-1499) and packaging (GCF1500-1599) codes each have exactly one row in their docs page.</summary>
public sealed class PackagingDiagnosticsDocTests
{
    [Theory]
    [InlineData("GCF1400", "GCF1499", "resolution.md")]
    [InlineData("GCF1500", "GCF1599", "packaging.md")]
    public void Documents_every_code_of_the_range_and_only_those(string first, string last, string page)
    {
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => string.CompareOrdinal(c, first) >= 0 && string.CompareOrdinal(c, last) <= 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "diagnostics", page))
            .Where(line => line.StartsWith("| GCF", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1])
            .ToList();

        codes.Should().NotBeEmpty();
        documented.Should().Equal(codes);
    }

    private static string RepositoryRoot([CallerFilePath] string file = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
