using System.Text;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Validation;

namespace GovCfct.Core.Tests.Definition;

/// <summary>
/// Definition, catalog and manifest files are decoded by one rule: UTF-8, BOM allowed, anything else GCF1028 at the
/// first byte that is not UTF-8. The Shift_JIS and Latin-1 bytes come from .NET's code-page encoders (the same tables
/// Windows editors save with), not from the code under test.
/// </summary>
public sealed class EncodingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("govcfct-encoding-").FullName;

    static EncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Encoding ShiftJis => Encoding.GetEncoding("shift_jis");

    private static Encoding Latin1 => Encoding.Latin1;

    /// <summary>A copy of the shipped definition, so only the file under test differs.</summary>
    private string CopyShippedDefinition() => DefinitionTestFiles.CopyShipped(_root);

    private const string SandboxOus = "parent: Root\nous:\n  - name: Sandbox\n    description: 短期利用のアカウント\n    controls:\n      - deny-regions\n";

    [Fact]
    public void A_shift_jis_ou_file_is_refused_at_the_line_of_its_first_japanese_character()
    {
        var definition = CopyShippedDefinition();
        File.WriteAllBytes(Path.Combine(definition, "ous", "sandbox.yaml"), ShiftJis.GetBytes(SandboxOus));

        var (loaded, diagnostics) = DefinitionTestFiles.Load(definition);

        loaded.Should().BeNull();
        var error = diagnostics.Should().ContainSingle(d => d.IsError).Which;
        error.Code.Should().Be(DiagnosticCodes.NotUtf8.Id).And.Be("GCF1028");
        error.Location.Should().Be(new SourceLocation("ous/sandbox.yaml", 4, 18));
        error.Message.Should().Contain("not UTF-8").And.Contain("0x92");
    }

    [Theory]
    [InlineData("utf-16", "UTF-16LE")]
    [InlineData("utf-16BE", "UTF-16BE")]
    [InlineData("utf-32", "UTF-32LE")]
    public void A_utf16_or_utf32_file_is_named_by_its_byte_order_mark_not_taken_for_shift_jis(string encodingName, string named)
    {
        // #27 item 11: a UTF-16 file was reported as probably Shift_JIS, with an iconv command that garbles it.
        var definition = CopyShippedDefinition();
        var encoding = Encoding.GetEncoding(encodingName);
        File.WriteAllBytes(Path.Combine(definition, "ous", "sandbox.yaml"), [.. encoding.GetPreamble(), .. encoding.GetBytes(SandboxOus)]);

        var (loaded, diagnostics) = DefinitionTestFiles.Load(definition);

        loaded.Should().BeNull();
        var error = diagnostics.Should().ContainSingle(d => d.IsError).Which;
        error.Code.Should().Be(DiagnosticCodes.NotUtf8.Id);
        error.Location.Should().Be(new SourceLocation("ous/sandbox.yaml", 1, 1));
        error.Message.Should().Contain($"byte-order mark of {named}").And.NotContain("Shift_JIS");
        error.Hint.Should().Contain($"iconv -f {named} -t UTF-8").And.NotContain("SHIFT_JIS");
    }

    [Fact]
    public void The_same_file_in_utf8_with_a_bom_loads()
    {
        var definition = CopyShippedDefinition();
        File.WriteAllBytes(Path.Combine(definition, "ous", "sandbox.yaml"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(SandboxOus)]);

        var (loaded, diagnostics) = DefinitionTestFiles.Load(definition);

        diagnostics.Where(d => d.IsError).Should().BeEmpty();
        DefinitionTestFiles.Find(loaded!, "Sandbox").Controls.Select(c => c.ControlId).Should().Equal("deny-regions");
    }

    [Fact]
    public void A_latin1_control_file_is_refused_by_the_catalog()
    {
        var folder = Path.Combine(_root, "templates", "deny-leave-organization");
        Directory.CreateDirectory(folder);
        var shipped = Path.Combine(RepositoryRoot.Path, "templates", "deny-leave-organization");
        File.Copy(Path.Combine(shipped, "policy.json.sbn"), Path.Combine(folder, "policy.json.sbn"));
        var text = File.ReadAllText(Path.Combine(shipped, "control.yaml"), Encoding.UTF8)
            .Replace("en: Deny leaving the organization", "en: Deny leaving the organization (Résumé)", StringComparison.Ordinal);
        var japanese = text.Split('\n').Where(l => l.Any(c => c > 0xFF)).ToList();
        foreach (var line in japanese)
        {
            text = text.Replace(line, line.Split(':')[0] + ": x", StringComparison.Ordinal);
        }

        File.WriteAllBytes(Path.Combine(folder, "control.yaml"), Latin1.GetBytes(text));
        var diagnostics = new DiagnosticBag();

        var catalog = new ControlCatalogLoader().Load(Path.Combine(_root, "templates"), diagnostics);

        catalog.Should().BeNull();
        var error = diagnostics.Items.Should().ContainSingle(d => d.IsError).Which;
        error.Code.Should().Be(DiagnosticCodes.NotUtf8.Id);
        error.Location!.File.Should().EndWith("control.yaml");
        error.Location.Line.Should().Be(text[..text.IndexOf('é', StringComparison.Ordinal)].Count(c => c == '\n') + 1);
    }

    [Fact]
    public void A_shift_jis_manifest_is_refused_by_validate()
    {
        var package = Path.Combine(_root, "package");
        Directory.CreateDirectory(package);
        File.WriteAllBytes(Path.Combine(package, "manifest.yaml"), ShiftJis.GetBytes("---\nregion: ap-northeast-1\nversion: 2021-03-15\nresources:\n  - name: gc-x\n    description: 統制\n    resource_file: policies/x.json\n    deploy_method: scp\n    deployment_targets:\n      organizational_units:\n        - \"Sandbox\"\n"));

        var result = new PackageValidator().Validate(new PackageValidationOptions(package) { RunCfnLint = false });

        var error = result.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.NotUtf8.Id).Which;
        error.Location.Should().Be(new SourceLocation("manifest.yaml", 6, 18));
    }
}
