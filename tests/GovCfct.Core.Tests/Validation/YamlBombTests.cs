using System.Diagnostics;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Yaml;

namespace GovCfct.Core.Tests.Validation;

/// <summary>
/// The one strict YAML reader refuses what would exhaust the process: 50,000 nested '[' overflowed the stack, and a
/// 548-byte OU file of nested aliases took 27 s and 2.8 GB in the readers that walk it. Both are refused at once with a
/// diagnostic at the file's position, before any tree is built.
/// </summary>
public sealed class YamlBombTests
{
    private static readonly YamlFileCodes Codes = new(DiagnosticCodes.CatalogYamlSyntax, DiagnosticCodes.CatalogYamlSyntax, DiagnosticCodes.CatalogYamlSyntax, DiagnosticCodes.CatalogYamlSyntax, DiagnosticCodes.CatalogYamlSyntax);

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var diagnostics = new DiagnosticBag();
        var clock = Stopwatch.StartNew();

        var read = StrictYaml.ParseMapping("a: " + new string('[', 50_000), "ous/deep.yaml", Codes, diagnostics);

        read.Should().BeNull();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        var error = diagnostics.Items.Should().ContainSingle().Subject;
        error.Message.Should().Contain($"deeper than {StrictYaml.MaxDepth}");
        error.Location!.File.Should().Be("ous/deep.yaml");
    }

    [Fact]
    public void An_alias_bomb_is_refused_while_plain_aliases_still_read()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 9).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n"));
        var diagnostics = new DiagnosticBag();
        var clock = Stopwatch.StartNew();

        var read = StrictYaml.ParseMapping(bomb, "ous/bomb.yaml", Codes, diagnostics);
        var plain = StrictYaml.ParseMapping("base: &b [ap-northeast-1, ap-northeast-3]\nother: *b\n", "ous/plain.yaml", Codes, new DiagnosticBag());

        bomb.Length.Should().BeLessThan(700);
        read.Should().BeNull();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        diagnostics.Items.Should().ContainSingle().Which.Message.Should().Contain("aliases expand the file");
        plain.Should().NotBeNull();
    }
}
