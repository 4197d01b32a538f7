using System.Text.Json;
using System.Text.Json.Nodes;
using GovCfct.Core.Validation;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Tests.Validation;

/// <summary>
/// The scalar emulation against the real oracle: the PyYAML on this machine (cfn-lint depends on it; CfCT reads
/// manifests with its safe loader). Every scalar is loaded by both, and the type PyYAML gives it (and, for
/// integers, the value) must be what <see cref="YamlScalars"/> says — no hand-written expectations.
/// </summary>
public sealed class YamlScalarsPyYamlTests
{
    private static readonly string[] Samples =
    [
        "abc", "ABC", "Workloads", "gc-deny-leave", "ap-northeast-1", "\"0\"", "'0'", "0", "00", "42", "-42", "+42", "1_000",
        "0755", "0o17", "0x1F", "0X1f", "0b101", "012345678901", "012345670123", "123456789012", "08", "09", "1:20", "190:20:30",
        "yes", "Yes", "YES", "no", "No", "on", "On", "off", "OFF", "y", "Y", "n", "true", "True", "TRUE", "false", "False", "tRUE",
        "~", "null", "Null", "NULL", "nULL", "", "1.5", "-1.5", "0.0", ".5", "1.", "1e3", "1.0e3", "1.0e+3", "6.8523015e+5",
        "685.230_15e+03", "190:20:30.15", ".inf", "-.Inf", ".NaN", ".nan", "2021-03-15", "2021-3-15", "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5", "2002-12-14", "'2021-03-15'", "!!str 0", "!!int \"7\"", "0.1.2", "1,000", "$1",
        "1-2", "12345678901234567890", "-0", "0_0", "0x_1F", "1__0",
    ];

    [Fact]
    public void Every_sample_resolves_to_the_type_PyYAML_gives_it()
    {
        var pyyaml = LoadWithPyYaml(Samples);

        var mismatches = new List<string>();
        foreach (var sample in Samples)
        {
            var node = Scalar(sample);
            var ours = YamlScalars.Resolve(node);
            var theirs = pyyaml[sample]!.AsObject();
            var expected = theirs["type"]!.GetValue<string>() switch
            {
                "NoneType" => YamlScalarKind.Null,
                "bool" => YamlScalarKind.Bool,
                "int" => YamlScalarKind.Int,
                "float" => YamlScalarKind.Float,
                "date" or "datetime" => YamlScalarKind.Date,
                "str" => YamlScalarKind.String,
                var other => throw new InvalidOperationException($"PyYAML gave {sample} the type {other}"),
            };
            if (ours != expected)
            {
                mismatches.Add($"{sample}: PyYAML {expected}, ours {ours}");
            }
            else if (ours == YamlScalarKind.Int && theirs["value"]!.GetValue<string>() is var value && YamlScalars.IntText(node) is { } text && text != value)
            {
                mismatches.Add($"{sample}: PyYAML reads the integer {value}, ours {text}");
            }
        }

        mismatches.Should().BeEmpty();
    }

    private static YamlScalarNode Scalar(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("v: " + yaml));
        return (YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
    }

    private static JsonObject LoadWithPyYaml(IEnumerable<string> samples)
    {
        const string script = """
            import json, sys, yaml
            out = {}
            for s in json.load(sys.stdin):
                v = yaml.safe_load("v: " + s)["v"]
                out[s] = {"type": type(v).__name__, "value": str(v) if type(v) is int else None}
            json.dump(out, sys.stdout)
            """;
        var (exitCode, stdout, stderr) = ExternalTool.Run(
            "python3", ["-c", script], JsonSerializer.Serialize(samples), hint: "PyYAML comes with cfn-lint in the machine's pyenv (pip install pyyaml).");
        exitCode.Should().Be(0, $"python3 with PyYAML must load the samples: {stderr}");
        return JsonNode.Parse(stdout)!.AsObject();
    }
}
