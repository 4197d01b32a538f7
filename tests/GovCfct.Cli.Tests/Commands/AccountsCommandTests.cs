using System.Text.Json;

namespace GovCfct.Cli.Tests.Commands;

/// <summary><c>govcfct accounts check|plan</c> in memory on (exit code, stdout, stderr), with the Core tests' account scenarios.</summary>
public sealed class AccountsCommandTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static string Accounts => Path.Combine(Root, "tests", "GovCfct.Core.Tests", "Accounts");

    private static string Csv(string scenario) => Path.Combine(Accounts, "Scenarios", scenario, "requests.csv");

    [Fact]
    public async Task Check_accepts_a_valid_csv_with_japanese_names()
    {
        var (exit, output, error) = await Run("accounts", "check", Csv("valid-japanese"), "--definition", Path.Combine(Accounts, "Definition"));

        exit.Should().Be(0, error);
        output.Should().Be("accounts check: ok, 2 account request(s) accepted\n".ReplaceLineEndings());
    }

    [Fact]
    public async Task Check_rejects_the_whole_file_and_prints_each_problem_at_its_cell()
    {
        var (exit, output, error) = await Run("accounts", "check", Csv("bad-rows"), "--definition", Path.Combine(Accounts, "Definition"));

        exit.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain("requests.csv(2,1): error GCF6016:")
            .And.Contain("requests.csv(6,36): error GCF6020: OU 'Tokyo' is not in the definition")
            .And.Contain("no account request accepted");
    }

    [Fact]
    public async Task Check_with_a_snapshot_finds_e_mails_and_ous_of_the_organization()
    {
        var folder = Path.Combine(Accounts, "Scenarios", "against-organization");
        var (exit, _, error) = await Run("accounts", "check", Csv("against-organization"), "--definition", Path.Combine(Accounts, "Definition"), "--org", Path.Combine(folder, "org.json"));

        exit.Should().Be(1);
        error.Should().Contain("error GCF6015:").And.Contain("error GCF6021:");
    }

    [Fact]
    public async Task Check_accepts_an_account_directly_above_an_opt_out_of_an_organization_wide_detective_control()
    {
        // The shipped Verification OU of HealthLabourWelfare opts out of ct-ec2-volume-inuse-check. The shipped build
        // delivers it as an organization conformance pack that excludes only that OU's accounts, so an account placed
        // directly in HealthLabourWelfare is in its scope: nothing is attached below the parent, nothing is missed.
        var folder = Directory.CreateTempSubdirectory("govcfct-accounts-").FullName;
        var csv = Path.Combine(folder, "requests.csv");
        File.WriteAllText(csv, "AccountName,AccountEmail,OrganizationalUnit,AdminEmail,AdminFirstName,AdminLastName\n" +
            "mhlw-shared,mhlw-shared@govcloud.example.com,Workloads:Ministries:HealthLabourWelfare,admin@mhlw.example.jp,Taro,Yamada\n");

        var (exit, output, error) = await Run("accounts", "check", csv, "--definition", Path.Combine(Root, "manifest"), "--templates", Path.Combine(Root, "templates"));

        exit.Should().Be(0, error);
        error.Should().NotContain("GCF3160");
        output.Should().Contain("1 account request(s) accepted");
    }

    [Fact]
    public async Task Missing_file_is_a_usage_error()
    {
        var (exit, _, error) = await Run("accounts", "check", Path.Combine(Accounts, "nope.csv"), "--definition", Path.Combine(Accounts, "Definition"));

        exit.Should().Be(2);
        error.Should().Contain("GCF9001");
    }

    [Fact]
    public async Task Plan_prints_the_controls_per_account_as_json()
    {
        var (exit, output, error) = await Run("accounts", "plan", Csv("valid-japanese"), "--definition", Path.Combine(Accounts, "Definition"), "--templates", Path.Combine(Root, "templates"), "--format", "json");

        exit.Should().Be(0, error);
        using var document = JsonDocument.Parse(output);
        var accounts = document.RootElement.GetProperty("accounts").EnumerateArray().ToList();
        accounts.Select(a => a.GetProperty("account_name").GetString()).Should().Equal("chiyoda-juki-prod", "chiyoda-juki-stg");
        accounts[0].GetProperty("controls").EnumerateArray().Select(c => c.GetString()).Should().Equal("config-rules-baseline", "deny-leave-organization", "deny-regions", "protect-exempt-principals", "protect-security-services");
        accounts[1].GetProperty("controls").EnumerateArray().Select(c => c.GetString()).Should().Equal(["deny-leave-organization", "deny-regions", "protect-exempt-principals", "protect-security-services"], "stack sets reach only accounts directly in a listed OU");
    }

    [Fact]
    public async Task Plan_plans_nothing_when_a_row_is_wrong()
    {
        var (exit, output, error) = await Run("accounts", "plan", Csv("bad-rows"), "--definition", Path.Combine(Accounts, "Definition"), "--templates", Path.Combine(Root, "templates"));

        exit.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain("nothing planned");
    }
}
