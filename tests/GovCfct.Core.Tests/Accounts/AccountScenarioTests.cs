using GovCfct.Core.Accounts;

namespace GovCfct.Core.Tests.Accounts;

/// <summary>
/// Scenario folders under Accounts/Scenarios: requests.csv (and org.json), expected.txt with every diagnostic in
/// compiler form, and for accepted requests plan.txt with what each account will receive.
/// </summary>
public sealed class AccountScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(AccountsFixture.ScenarioRoot).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    /// <summary>The scenarios whose requests are all accepted: only these have a plan (no case that returns early).</summary>
    public static TheoryData<string> AcceptedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in Scenarios().Cast<object[]>().Select(row => (string)row[0]))
        {
            if (AccountsFixture.Run(scenario).Check is { HasErrors: false })
            {
                data.Add(scenario);
            }
        }

        return data;
    }

    [Fact]
    public void Accepted_and_rejected_scenarios_both_exist()
    {
        AcceptedScenarios().Cast<object[]>().Should().NotBeEmpty();
        Scenarios().Cast<object[]>().Count().Should().BeGreaterThan(AcceptedScenarios().Cast<object[]>().Count(), "rejected requests are scenarios too");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_reports_exactly_the_expected_diagnostics(string scenario)
    {
        var (read, check) = AccountsFixture.Run(scenario);
        var diagnostics = (check?.Diagnostics ?? read.Diagnostics).Select(d => d.ToString() + "\n");
        AccountsFixture.AssertGolden(Path.Combine(AccountsFixture.ScenarioRoot, scenario, "expected.txt"), string.Concat(diagnostics));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Nothing_is_accepted_when_any_row_is_wrong(string scenario)
    {
        var (read, check) = AccountsFixture.Run(scenario);
        var failed = check is null || check.HasErrors;
        if (failed)
        {
            (check?.Accepted ?? []).Should().BeEmpty();
        }
        else
        {
            check!.Accepted.Should().HaveCount(read.Requests!.Requests.Length);
        }

        File.Exists(Path.Combine(AccountsFixture.ScenarioRoot, scenario, "plan.txt")).Should().Be(!failed, "accepted scenarios carry the plan, rejected ones do not");
    }

    [Theory]
    [MemberData(nameof(AcceptedScenarios))]
    public void Accepted_scenario_plans_the_controls_each_account_receives(string scenario)
    {
        var (_, check) = AccountsFixture.Run(scenario);
        check.Should().NotBeNull();
        check!.HasErrors.Should().BeFalse();

        var plan = AccountPlanner.Plan(check.Accepted, AccountsFixture.Package);
        AccountsFixture.AssertGolden(Path.Combine(AccountsFixture.ScenarioRoot, scenario, "plan.txt"), AccountPlanWriter.ToText(plan));
    }
}
