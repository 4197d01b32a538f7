using System.Globalization;
using System.Text;
using System.Xml;

namespace GovCfct.Core.Diagnostics.Output;

/// <summary>
/// JUnit XML for CodeBuild report groups (file-format JUNITXML), which show test cases but not SARIF: one test case per
/// finding (an error is a failure; a warning or info passes with its message as output), and one case for the whole
/// package that fails when any error does, so a clean package still shows one passing case. Deterministic: no
/// timestamps, no durations, the findings in their sorted order.
/// </summary>
public static class JUnitReport
{
    public static string Write(IReadOnlyList<Diagnostic> diagnostics, string suiteName)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            writer.WriteStartElement("testsuites");
            writer.WriteStartElement("testsuite");
            writer.WriteAttributeString("name", suiteName);
            writer.WriteAttributeString("tests", (diagnostics.Count + 1).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("failures", (errors + (errors > 0 ? 1 : 0)).ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("errors", "0");

            writer.WriteStartElement("testcase");
            writer.WriteAttributeString("classname", suiteName);
            writer.WriteAttributeString("name", "package");
            if (errors > 0)
            {
                writer.WriteStartElement("failure");
                writer.WriteAttributeString("message", $"{errors} error(s): CfCT or AWS would reject or mishandle this package");
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            foreach (var diagnostic in diagnostics)
            {
                writer.WriteStartElement("testcase");
                writer.WriteAttributeString("classname", PrintableText.Of(diagnostic.Location?.File ?? suiteName));
                writer.WriteAttributeString("name", PrintableText.Of($"{diagnostic.Code} {Where(diagnostic)}".TrimEnd()));
                if (diagnostic.Severity == Severity.Error)
                {
                    writer.WriteStartElement("failure");
                    writer.WriteAttributeString("message", PrintableText.Of(diagnostic.Message));
                    writer.WriteAttributeString("type", diagnostic.Code);
                    writer.WriteString(PrintableText.Of(diagnostic.ToString()));
                    writer.WriteEndElement();
                }
                else
                {
                    writer.WriteElementString("system-out", PrintableText.Of(diagnostic.ToString()));
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Where(Diagnostic diagnostic) => diagnostic.Location is { } location
        ? location.Line > 0 ? $"{location.File}({location.Line},{Math.Max(location.Column, 1)})" : location.File
        : string.Empty;
}
