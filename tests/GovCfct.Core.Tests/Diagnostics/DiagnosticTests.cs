using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Fact]
    public void Prints_in_compiler_form_with_file_line_and_column()
    {
        var diagnostic = new Diagnostic(DiagnosticCodes.MalformedYaml, "unknown key 'foo'", new SourceLocation("manifest/organization.yaml", 3, 5), "remove it");

        diagnostic.ToString().Should().Be("manifest/organization.yaml(3,5): error GCF1001: unknown key 'foo' Fix: remove it");
    }

    [Fact]
    public void Sorted_orders_by_file_then_position()
    {
        var bag = new DiagnosticBag();
        bag.Report(DiagnosticCodes.ParameterValueSplit, "b", new SourceLocation("b.yaml", 1, 1));
        bag.Report(DiagnosticCodes.NameInvalid, "a2", new SourceLocation("a.yaml", 9, 1));
        bag.Report(DiagnosticCodes.NameInvalid, "a1", new SourceLocation("a.yaml", 2, 4));

        bag.Sorted().Select(d => d.Message).Should().Equal("a1", "a2", "b");
        bag.HasErrors.Should().BeTrue();
    }
}
