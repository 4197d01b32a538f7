using System.Runtime.CompilerServices;
using System.Text;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Tests.Policies;

/// <summary>
/// Golden files: each folder under Scenarios/ holds a policy (<c>policy.scp.json</c> or <c>policy.rcp.json</c>) and
/// <c>expected.txt</c>, the diagnostics of every policy check in compiler form. Set GOVCFCT_UPDATE_GOLDEN=1 to rewrite
/// the expected files, then review the diff.
/// </summary>
public sealed class PolicyScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(ScenarioRoot(), "Invalid")).Concat(Directory.GetDirectories(Path.Combine(ScenarioRoot(), "Valid"))).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ScenarioRoot(), folder).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Policy_checks_report_the_expected_diagnostics(string scenario)
    {
        var folder = Path.Combine(ScenarioRoot(), scenario);
        var file = Directory.GetFiles(folder, "policy.*.json").Should().ContainSingle().Subject;
        var name = Path.GetFileName(file);
        var kind = name.Contains(".rcp.", StringComparison.Ordinal) ? PolicyKind.Rcp : PolicyKind.Scp;
        var text = File.ReadAllText(file, Encoding.UTF8);
        var bag = new DiagnosticBag();

        var document = PolicyParser.Parse(text, name, bag);
        if (document is not null)
        {
            PolicyParser.CheckKind(document, kind, bag);
            new PolicyActionChecker().Check(document, bag);
        }

        PolicySize.Check(text, document, 5120, name, bag);
        var actual = string.Concat(bag.Sorted().Select(d => d + "\n"));
        var expectedFile = Path.Combine(folder, "expected.txt");
        Golden.Text(expectedFile, actual);
        if (scenario.StartsWith("Invalid/", StringComparison.Ordinal))
        {
            bag.Items.Should().NotBeEmpty("an Invalid scenario must produce a finding");
        }
        else
        {
            bag.Items.Should().BeEmpty();
        }
    }

    private static string ScenarioRoot([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Scenarios");
}
