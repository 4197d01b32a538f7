using System.Text.Json;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Tests.Diagnostics;

public sealed class DiagnosticWriterTests
{
    private static readonly Diagnostic[] Sample =
    [
        new Diagnostic(DiagnosticCodes.NameInvalid, "resource name 'a_b' is invalid", new SourceLocation("manifest.yaml", 4, 11), "rename it"),
        new Diagnostic(DiagnosticCodes.ParameterValueSplit, "no description", new SourceLocation("sub dir/manifest.yaml", 8, 0)),
        new Diagnostic(DiagnosticCodes.CfnLintInfo, "remote", new SourceLocation("manifest.yaml")),
        new Diagnostic(DiagnosticCodes.CfnLintMissing, "cfn-lint was not found"),
        new Diagnostic(DiagnosticCodes.NameInvalid, "resource name '1a' is invalid", new SourceLocation("manifest.yaml", 9, 11)),
    ];

    [Fact]
    public void Text_is_one_compiler_form_line_per_diagnostic_with_lf()
    {
        DiagnosticWriter.Text(Sample[..2]).Should().Be(
            "manifest.yaml(4,11): error GCF2010: resource name 'a_b' is invalid Fix: rename it\n"
            + "sub dir/manifest.yaml(8,1): warning GCF2038: no description\n");
    }

    [Fact]
    public void Json_has_a_stable_schema_with_summary()
    {
        var json = DiagnosticWriter.Json(Sample);
        json.Should().NotContain("\r");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        root.GetProperty("version").GetInt32().Should().Be(1);
        var first = root.GetProperty("diagnostics")[0];
        first.GetProperty("severity").GetString().Should().Be("error");
        first.GetProperty("code").GetString().Should().Be("GCF2010");
        first.GetProperty("message").GetString().Should().Be("resource name 'a_b' is invalid");
        first.GetProperty("file").GetString().Should().Be("manifest.yaml");
        first.GetProperty("line").GetInt32().Should().Be(4);
        first.GetProperty("column").GetInt32().Should().Be(11);
        first.GetProperty("hint").GetString().Should().Be("rename it");
        root.GetProperty("diagnostics")[3].GetProperty("file").ValueKind.Should().Be(JsonValueKind.Null);
        var summary = root.GetProperty("summary");
        (summary.GetProperty("errors").GetInt32(), summary.GetProperty("warnings").GetInt32(), summary.GetProperty("infos").GetInt32()).Should().Be((2, 2, 1));
    }

    [Fact]
    public void Sarif_has_the_required_210_shape_rules_for_every_code_and_relative_locations()
    {
        using var doc = JsonDocument.Parse(DiagnosticWriter.Sarif(Sample, "1.2.3"));
        var root = doc.RootElement;
        root.GetProperty("version").GetString().Should().Be("2.1.0");
        root.GetProperty("$schema").GetString().Should().Contain("sarif-2.1.0");
        var run = root.GetProperty("runs").EnumerateArray().Should().ContainSingle().Subject;
        var driver = run.GetProperty("tool").GetProperty("driver");
        driver.GetProperty("name").GetString().Should().Be("govcfct");
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        ruleIds.Should().Equal("GCF2010", "GCF2038", "GCF2074", "GCF2076");

        var results = run.GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(Sample.Length);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            ruleIds[result.GetProperty("ruleIndex").GetInt32()].Should().Be(ruleId);
            result.GetProperty("message").GetProperty("text").GetString().Should().NotBeNullOrEmpty();
            result.GetProperty("level").GetString().Should().BeOneOf("error", "warning", "note");
            if (result.TryGetProperty("locations", out var locations))
            {
                var physical = locations[0].GetProperty("physicalLocation");
                var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                Uri.TryCreate(uri, UriKind.Relative, out _).Should().BeTrue();
                uri.Should().NotStartWith("/").And.NotContain("\\");
                if (physical.TryGetProperty("region", out var region))
                {
                    region.GetProperty("startLine").GetInt32().Should().BeGreaterThanOrEqualTo(1);
                    region.GetProperty("startColumn").GetInt32().Should().BeGreaterThanOrEqualTo(1);
                }
            }
        }

        var first = results[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        first.GetProperty("artifactLocation").GetProperty("uri").GetString().Should().Be("manifest.yaml");
        first.GetProperty("region").GetProperty("startLine").GetInt32().Should().Be(4);
        first.GetProperty("region").GetProperty("startColumn").GetInt32().Should().Be(11);
        results[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString().Should().Be("sub%20dir/manifest.yaml");
        results[2].GetProperty("locations")[0].GetProperty("physicalLocation").TryGetProperty("region", out _).Should().BeFalse();
        results[3].TryGetProperty("locations", out _).Should().BeFalse();
        results[2].GetProperty("level").GetString().Should().Be("note");
    }

    [Fact]
    public void Sarif_rules_are_the_descriptors_not_the_first_message()
    {
        Diagnostic[] diagnostics = [.. Sample, Sample[1].AsError()];
        using var doc = JsonDocument.Parse(DiagnosticWriter.Sarif(diagnostics, "1.2.3"));
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var rule = rules.Single(r => r.GetProperty("id").GetString() == "GCF2038");
        var descriptor = DiagnosticCodes.ParameterValueSplit;

        rule.GetProperty("name").GetString().Should().Be(nameof(DiagnosticCodes.ParameterValueSplit));
        rule.GetProperty("shortDescription").GetProperty("markdown").GetString().Should().Be(descriptor.Title);
        rule.GetProperty("shortDescription").GetProperty("text").GetString().Should().Be(descriptor.Title.Replace("`", string.Empty, StringComparison.Ordinal)).And.NotBe("no description");
        rule.GetProperty("help").GetProperty("markdown").GetString().Should().Be(descriptor.Help);
        rule.GetProperty("help").GetProperty("text").GetString().Should().NotBeNullOrEmpty();
        rule.GetProperty("defaultConfiguration").GetProperty("level").GetString().Should().Be("warning");
        rule.GetProperty("properties").GetProperty("category").GetString().Should().Be("validation");
        rule.TryGetProperty("helpUri", out _).Should().BeFalse("without a configured docs base there is no absolute URI, which SARIF requires");
        rules.Single(r => r.GetProperty("id").GetString() == "GCF2076").GetProperty("defaultConfiguration").GetProperty("level").GetString().Should().Be("note");

        // --warnings-as-errors raises the result, never the rule's default.
        var results = run.GetProperty("results").EnumerateArray().ToList();
        results[^1].GetProperty("ruleId").GetString().Should().Be("GCF2038");
        results[^1].GetProperty("level").GetString().Should().Be("error");
        results[1].GetProperty("level").GetString().Should().Be("warning");

        using var linked = JsonDocument.Parse(DiagnosticWriter.Sarif(Sample, "1.2.3", DiagnosticDocs.ParseBase("https://git.example/govcfct/blob/main/")));
        var helpUri = linked.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("helpUri").GetString();
        helpUri.Should().Be("https://git.example/govcfct/blob/main/docs/diagnostics/validation.md#gcf2010");
        Uri.IsWellFormedUriString(helpUri, UriKind.Absolute).Should().BeTrue();
    }

    [Fact]
    public void Sarif_uses_only_properties_the_210_schema_defines()
    {
        // No copy of the SARIF 2.1.0 JSON schema is available offline; these are the property sets its
        // sarifLog, run, tool, toolComponent, reportingDescriptor, reportingConfiguration, multiformatMessageString,
        // result, message, location, physicalLocation, artifactLocation and region definitions allow.
        var allowed = new Dictionary<string, string[]>
        {
            ["log"] = ["$schema", "version", "runs"],
            ["run"] = ["tool", "results"],
            ["tool"] = ["driver"],
            ["driver"] = ["name", "version", "rules"],
            ["rule"] = ["id", "name", "shortDescription", "help", "helpUri", "defaultConfiguration", "properties"],
            ["multiformat"] = ["text", "markdown"],
            ["configuration"] = ["level"],
            ["result"] = ["ruleId", "ruleIndex", "level", "message", "locations"],
            ["message"] = ["text"],
            ["location"] = ["physicalLocation"],
            ["physical"] = ["artifactLocation", "region"],
            ["artifact"] = ["uri", "uriBaseId"],
            ["region"] = ["startLine", "startColumn"],
        };
        using var doc = JsonDocument.Parse(DiagnosticWriter.Sarif(Sample, "1.2.3", DiagnosticDocs.ParseBase("https://git.example/g/")));
        void Check(JsonElement e, string kind) => e.EnumerateObject().Select(p => p.Name).Should().BeSubsetOf(allowed[kind], kind);
        var root = doc.RootElement;
        Check(root, "log");
        var run = root.GetProperty("runs")[0];
        Check(run, "run");
        Check(run.GetProperty("tool"), "tool");
        Check(run.GetProperty("tool").GetProperty("driver"), "driver");
        foreach (var rule in run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
        {
            Check(rule, "rule");
            Check(rule.GetProperty("shortDescription"), "multiformat");
            Check(rule.GetProperty("help"), "multiformat");
            Check(rule.GetProperty("defaultConfiguration"), "configuration");
            rule.GetProperty("defaultConfiguration").GetProperty("level").GetString().Should().BeOneOf("error", "warning", "note");
        }

        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            Check(result, "result");
            Check(result.GetProperty("message"), "message");
            foreach (var location in result.TryGetProperty("locations", out var l) ? l.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                Check(location, "location");
                Check(location.GetProperty("physicalLocation"), "physical");
                Check(location.GetProperty("physicalLocation").GetProperty("artifactLocation"), "artifact");
                if (location.GetProperty("physicalLocation").TryGetProperty("region", out var region))
                {
                    Check(region, "region");
                }
            }
        }
    }

    [Fact]
    public void Output_is_byte_identical_across_runs()
    {
        DiagnosticWriter.Sarif(Sample, "1").Should().Be(DiagnosticWriter.Sarif(Sample, "1"));
        DiagnosticWriter.Json(Sample).Should().Be(DiagnosticWriter.Json(Sample));
    }
}
