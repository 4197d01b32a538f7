using GovCfct.Core.Validation;
using YamlDotNet.RepresentationModel;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Tests.Validation;

/// <summary>PyYAML's (YAML 1.1) implicit types, which decide what CfCT makes of unquoted values.</summary>
public sealed class YamlScalarsTests
{
    private static YamlScalarNode Scalar(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("v: " + yaml));
        return (YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")];
    }

    [Theory]
    [InlineData("abc", YamlScalarKind.String, "abc")]
    [InlineData("\"0\"", YamlScalarKind.String, "0")]
    [InlineData("0", YamlScalarKind.Int, "")]
    [InlineData("42", YamlScalarKind.Int, "42")]
    [InlineData("0755", YamlScalarKind.Int, "493")]
    [InlineData("0x1F", YamlScalarKind.Int, "31")]
    [InlineData("012345678901", YamlScalarKind.String, "012345678901")]
    [InlineData("yes", YamlScalarKind.Bool, "true")]
    [InlineData("Off", YamlScalarKind.Bool, "false")]
    [InlineData("~", YamlScalarKind.Null, "")]
    [InlineData("null", YamlScalarKind.Null, "")]
    [InlineData("1.5", YamlScalarKind.Float, "1.5")]
    [InlineData("0.0", YamlScalarKind.Float, "")]
    [InlineData("2021-03-15", YamlScalarKind.Date, "2021-03-15")]
    [InlineData("'2021-03-15'", YamlScalarKind.String, "2021-03-15")]
    [InlineData("!!str 0", YamlScalarKind.String, "0")]
    public void Resolves_like_pyyaml_and_converts_like_yorm(string yaml, YamlScalarKind kind, string yorm)
    {
        var node = Scalar(yaml);
        YamlScalars.Resolve(node).Should().Be(kind);
        YamlScalars.AsYormString(node).Should().Be(yorm);
    }

    [Fact]
    public void Octal_account_ids_are_recognised()
    {
        YamlScalars.IsOctal(Scalar("012345670123")).Should().BeTrue();
        YamlScalars.IsOctal(Scalar("123456789012")).Should().BeFalse();
    }
}
