using System.Xml.Linq;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Tests.Diagnostics;

/// <summary>Diagnostics quote hostile content: the JUnit report stays well-formed XML (the oracle: XDocument.Parse) and no control character reaches a line.</summary>
public sealed class PrintableTextTests
{
    private static readonly Diagnostic Hostile = new(
        DiagnosticCodes.UnknownParameter,
        "parameter 'x\u0000\u0001\u001b[2K\rvalidate: ok\u0007' is unknown",
        new SourceLocation("ous/\u001bbad.yaml", 3, 1),
        "fix \ud800 it");

    [Fact]
    public void The_junit_report_of_a_diagnostic_with_control_characters_is_well_formed_xml()
    {
        var xml = JUnitReport.Write([Hostile], "govcfct validate");

        var document = XDocument.Parse(xml);
        var failure = document.Descendants("failure").Last();
        failure.Attribute("message")!.Value.Should().Be("parameter 'x\\u0000\\u0001\\u001B[2K\\u000Dvalidate: ok\\u0007' is unknown");
        document.Descendants("testcase").Last().Attribute("classname")!.Value.Should().Be("ous/\\u001Bbad.yaml");
        failure.Value.Should().Contain("fix \\uD800 it");
    }

    [Fact]
    public void Printable_text_keeps_ordinary_text_and_indents_continuation_lines()
    {
        PrintableText.Of("組織離脱の禁止 😀 ok").Should().Be("組織離脱の禁止 😀 ok");
        PrintableText.Of("a\nvalidate: ok").Should().Be("a\n    validate: ok");
        PrintableText.Of("a\u202Eb\tc").Should().Be("a\\u202Eb\\u0009c");
    }
}
