using System.Text.Json;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Diagnostics.Output;

namespace GovCfct.Core.Tests.Diagnostics;

public sealed class DiagnosticWriterTests
{
    private static readonly Diagnostic[] Sample =
    [
        Diagnostic.Error("GCF2010", "resource name 'a_b' is invalid", new SourceLocation("manifest.yaml", 4, 11), "rename it"),
        Diagnostic.Warning("GCF2083", "no description", new SourceLocation("sub dir/manifest.yaml", 8, 0)),
        Diagnostic.Info("GCF2028", "remote", new SourceLocation("manifest.yaml")),
        Diagnostic.Warning("GCF2074", "cfn-lint was not found"),
        Diagnostic.Error("GCF2010", "resource name '1a' is invalid", new SourceLocation("manifest.yaml", 9, 11)),
    ];

    [Fact]
    public void Text_is_one_compiler_form_line_per_diagnostic_with_lf()
    {
        DiagnosticWriter.Text(Sample[..2]).Should().Be(
            "manifest.yaml(4,11): error GCF2010: resource name 'a_b' is invalid Fix: rename it\n"
            + "sub dir/manifest.yaml(8,1): warning GCF2083: no description\n");
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
        ruleIds.Should().Equal("GCF2010", "GCF2028", "GCF2074", "GCF2083");

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
    public void Output_is_byte_identical_across_runs()
    {
        DiagnosticWriter.Sarif(Sample, "1").Should().Be(DiagnosticWriter.Sarif(Sample, "1"));
        DiagnosticWriter.Json(Sample).Should().Be(DiagnosticWriter.Json(Sample));
    }
}
