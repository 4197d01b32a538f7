using GovCfct.Core.Validation.CfnNag;

namespace GovCfct.Core.Tests.Validation;

/// <summary>
/// Every FAIL rule of cfn_nag 0.7.2 against the real cfn_nag: Validation/CfnNag/cases holds a failing and a passing
/// template per rule, and expected-verdicts.txt the FAIL findings the real <c>cfn_nag_scan</c> 0.7.2 reported for each
/// (rule, resource, line; "-" for none). The README there says how they were recorded. The scanner must report
/// exactly those.
/// </summary>
public sealed class CfnNagOracleTests
{
    private static readonly string Folder = RepositoryRoot.Combine("tests", "GovCfct.Core.Tests", "Validation", "CfnNag");

    private static Dictionary<string, List<string>> Recorded()
    {
        var verdicts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "expected-verdicts.txt")).Where(l => l.Length > 0))
        {
            var parts = line.Split(' ', 2);
            if (!verdicts.TryGetValue(parts[0], out var list))
            {
                verdicts[parts[0]] = list = [];
            }

            if (parts[1] != "-")
            {
                list.Add(parts[1]);
            }
        }

        return verdicts;
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Folder, "cases"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scanner_reports_what_the_real_cfn_nag_reported(string file)
    {
        var recorded = Recorded();
        recorded.Should().ContainKey(file, "every case has a recorded verdict of the real cfn_nag");
        var actual = CfnNagScanner.Scan(File.ReadAllText(Path.Combine(Folder, "cases", file))).Select(f => $"{f.RuleId} {f.LogicalId} {f.Line}");
        actual.Should().BeEquivalentTo(recorded[file]);
    }

    [Fact]
    public void Every_fail_rule_has_a_failing_and_a_passing_case()
    {
        var recorded = Recorded();
        CfnNagScanner.Messages.Should().HaveCount(79, "cfn_nag 0.7.2's cfn_nag_rules lists 79 FAILING VIOLATIONS");
        foreach (var id in CfnNagScanner.Messages.Keys)
        {
            recorded.Should().ContainKey($"{id}-fail.yaml");
            recorded.Should().ContainKey($"{id}-pass.yaml");
            recorded[$"{id}-pass.yaml"].Where(v => v.StartsWith(id + " ", StringComparison.Ordinal) && !v.Contains("Star ", StringComparison.Ordinal)).Should().BeEmpty(id);

            // F665 is dead in 0.7.2 (see the scanner); every other rule fires on its failing case.
            if (id != "F665")
            {
                recorded[$"{id}-fail.yaml"].Should().Contain(v => v.StartsWith(id + " ", StringComparison.Ordinal), id);
            }
        }
    }

    [Fact]
    public void Suppression_needs_the_exact_rule_id()
    {
        const string Template = """
            Resources:
              Key:
                Type: AWS::KMS::Key
                Metadata:
                  cfn_nag:
                    rules_to_suppress:
                      - id: f19
                        reason: lower case is another id
                      - reason: no id at all
                Properties:
                  KeyPolicy: {Version: '2012-10-17', Statement: []}
            """;
        CfnNagScanner.Scan(Template).Select(f => (f.RuleId, f.Line)).Should().Equal(("F19", 3));
        CfnNagScanner.SuppressionsWithoutId(Template).Should().Equal(("Key", 9));
    }
}
