using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Tests.Definition;

/// <summary>
/// validate and publish refuse every value the shipped definition holds as a placeholder, at its file and line; build
/// only warns. The expected lines are found by a plain text search of the shipped files (the oracle), never by the
/// YAML walk under test; the realistic copy (docs/definition.md, "Values to replace") shows the check refuses nothing else.
/// </summary>
public sealed class ShippedPlaceholdersTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-shipped-placeholders-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static IReadOnlyList<Diagnostic> Check(string directory, bool refuse)
    {
        var (definition, loaded) = DefinitionTestFiles.Load(directory);
        loaded.Where(d => d.IsError).Should().BeEmpty();
        var diagnostics = new DiagnosticBag();
        ShippedPlaceholders.Check(definition!, refuse, diagnostics);
        return diagnostics.Sorted();
    }

    /// <summary>The 1-based line of the first line of <paramref name="file"/> (in the shipped definition) that contains <paramref name="text"/>, comments left out.</summary>
    private static int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(DefinitionTestFiles.ShippedDefinition, file));
        var index = Array.FindIndex(lines, l => !l.TrimStart().StartsWith('#') && l.Contains(text, StringComparison.Ordinal));
        index.Should().BeGreaterThanOrEqualTo(0, $"{file} holds {text}");
        return index + 1;
    }

    private static void ShouldReport(IReadOnlyList<Diagnostic> diagnostics, string code, string file, string lineText, string value)
    {
        var line = LineOf(file, lineText);
        diagnostics.Should().Contain(
            d => d.Code == code && d.Location!.File == file && d.Location.Line == line && d.Message.Contains(value, StringComparison.Ordinal),
            $"{value} at {file}({line}) must be reported as {code}; got:\n{string.Join('\n', diagnostics)}");
    }

    [Fact]
    public void Validate_refuses_the_shipped_account_ids_where_they_are_written()
    {
        var diagnostics = Check(DefinitionTestFiles.ShippedDefinition, refuse: true);

        // The management account, the landing zone's audit and log archive accounts, an audit target account, an OU's account.
        ShouldReport(diagnostics, "GCF2086", "organization.yaml", "id: \"111122223333\"", "111122223333");
        ShouldReport(diagnostics, "GCF2086", "organization.yaml", "audit_account: \"210987654321\"", "210987654321");
        ShouldReport(diagnostics, "GCF2086", "organization.yaml", "log_archive_account: \"012345678901\"", "012345678901");
        ShouldReport(diagnostics, "GCF2086", "organization.yaml", "  - id: \"210987654321\"", "210987654321");
        ShouldReport(diagnostics, "GCF2086", "ous/infrastructure.yaml", "id: \"123456789012\"", "123456789012");
        diagnostics.Should().OnlyContain(d => d.IsError && (d.Code == "GCF2086" || d.Code == "GCF2087"));
    }

    [Theory]
    [InlineData("prod-replaceme000000")]
    [InlineData("pa-replaceme000000")]
    [InlineData("port-replaceme000000")]
    [InlineData("ssoins-0000replaceme000")]
    [InlineData("d-0000000000")]
    public void Validate_refuses_each_account_vending_id(string value)
    {
        var diagnostics = Check(DefinitionTestFiles.ShippedDefinition, refuse: true);

        ShouldReport(diagnostics, "GCF2086", "organization.yaml", value, value);
    }

    [Fact]
    public void Validate_refuses_the_example_domain_of_the_notification_address()
    {
        var diagnostics = Check(DefinitionTestFiles.ShippedDefinition, refuse: true);

        ShouldReport(diagnostics, "GCF2086", "organization.yaml", "NotificationEmail:", "govcloud-security@govcloud.example.com");
    }

    [Fact]
    public void Validate_refuses_the_shipped_example_lock_once_at_its_mark()
    {
        var diagnostics = Check(DefinitionTestFiles.ShippedDefinition, refuse: true);

        ShouldReport(diagnostics, "GCF2087", "org-lock.yaml", "example: true", "o-0example000");
        diagnostics.Where(d => d.Location!.File == "org-lock.yaml").Should().ContainSingle("the example lock is one finding, not one per id");
    }

    [Fact]
    public void A_lock_whose_mark_was_removed_by_hand_is_still_refused_for_its_organization_root_and_ou_ids()
    {
        var copy = DefinitionTestFiles.CopyShipped(_work);
        var lockPath = Path.Combine(copy, OrgLock.FileName);
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace("example: true\n", string.Empty, StringComparison.Ordinal));

        var diagnostics = Check(copy, refuse: true).Where(d => d.Location!.File == OrgLock.FileName).ToList();

        var lines = File.ReadAllLines(lockPath);
        var organizationLine = Array.FindIndex(lines, l => l.Contains("organization_id: o-0example000", StringComparison.Ordinal)) + 1;
        var rootLine = Array.FindIndex(lines, l => l.Contains("root_id: r-0exa", StringComparison.Ordinal)) + 1;
        var ouLine = Array.FindIndex(lines, l => l.Contains("id: ou-0exa-", StringComparison.Ordinal)) + 1;
        var more = $"and {lines.Count(l => l.Contains("id: ou-0exa-", StringComparison.Ordinal)) - 1} more";
        diagnostics.Should().NotContain(d => d.Code == "GCF2087");
        diagnostics.Should().Contain(d => d.Code == "GCF2086" && d.Location!.Line == organizationLine && d.Message.Contains("o-0example000", StringComparison.Ordinal));
        diagnostics.Should().Contain(d => d.Code == "GCF2086" && d.Location!.Line == rootLine && d.Message.Contains("r-0exa", StringComparison.Ordinal));
        diagnostics.Should().Contain(d => d.Code == "GCF2086" && d.Location!.Line == ouLine && d.Message.Contains(more, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_only_warns_with_the_same_findings()
    {
        var refused = Check(DefinitionTestFiles.ShippedDefinition, refuse: true);
        var warned = Check(DefinitionTestFiles.ShippedDefinition, refuse: false);

        warned.Should().OnlyContain(d => d.Severity == Severity.Warning && (d.Code == "GCF1050" || d.Code == "GCF1051"));
        warned.Select(d => d.Location).Should().Equal(refused.Select(d => d.Location));
        warned.Should().Contain(d => d.Code == "GCF1051");
    }

    [Fact]
    public void The_realistic_definition_and_a_lock_written_by_org_lock_hold_no_shipped_placeholder()
    {
        Check(RepositoryRoot.RealisticDefinition, refuse: true).Should().BeEmpty();

        // org lock writes no example: key, so its lock reads as the organization's own.
        var snapshot = new OrgSnapshot("o-k3x9q2m7vd", "402916581730", "r-k3x9", [new OrgUnit("ou-k3x9-abcdefgh", "Workloads", "r-k3x9", "Workloads")], [], []);
        var text = OrgLockWriter.Write(snapshot);
        text.Should().NotContain("example");
        var path = Path.Combine(_work, OrgLock.FileName);
        File.WriteAllText(path, text);
        var read = new OrgLockReader(new DiagnosticBag()).Read(path, OrgLock.FileName);
        read!.Example.Should().BeNull();
    }

    [Theory]
    [InlineData("111122223333", "111122223333")]
    [InlineData("arn:aws:organizations::111122223333:ou/o-0example000/ou-0exa-00000001", "111122223333")]
    [InlineData("arn:aws:sso:::instance/ssoins-0000replaceme000", "ssoins-0000replaceme000")]
    [InlineData("aws-audit@govcloud.example.com", "aws-audit@govcloud.example.com")]
    [InlineData("600000000042", "600000000042")]
    [InlineData("1111222233334", null)]
    [InlineData("402916581730", null)]
    [InlineData("prod-replaceme0000001", null)]
    [InlineData("ou-0exa-00000001", "ou-0exa-00000001")]
    [InlineData("someone@example.com", null)]
    public void Find_matches_whole_shipped_values_only(string text, string? expected) =>
        ShippedPlaceholders.Find(text).Should().Be(expected);
}
