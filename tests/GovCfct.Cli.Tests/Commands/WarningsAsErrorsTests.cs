namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>--warnings-as-errors</c> is usable with the features a team needs: an SCP opt-out below an OU that holds no
/// accounts (GCF1407) and Control Tower's Security OU left to Control Tower (GCF3134) are answered in the definition
/// (<c>holds_accounts: false</c>, <c>left_to_control_tower</c>), and the answer is checked against the org lock and
/// the organization snapshot (GCF1061). Hand-worked organization: Workloads holds its accounts in Production and
/// Development only; Security holds the Audit and Log Archive accounts.
/// </summary>
public sealed class WarningsAsErrorsTests : IDisposable
{
    private const string Snapshot = """
        {
          "formatVersion": 1,
          "organizationId": "o-abcdefghij",
          "managementAccountId": "480712365498",
          "rootId": "r-ab12",
          "organizationalUnits": [
            { "id": "ou-ab12-11111111", "name": "Workloads", "parentId": "r-ab12", "path": "Workloads" },
            { "id": "ou-ab12-22222222", "name": "Production", "parentId": "ou-ab12-11111111", "path": "Workloads:Production" },
            { "id": "ou-ab12-33333333", "name": "Development", "parentId": "ou-ab12-11111111", "path": "Workloads:Development" },
            { "id": "ou-ab12-44444444", "name": "Security", "parentId": "r-ab12", "path": "Security" }
          ],
          "accounts": [
            { "id": "480712365498", "name": "gov-management", "email": "m@example.go.jp", "status": "ACTIVE", "parentId": "r-ab12" },
            { "id": "222233334444", "name": "prod", "email": "p@example.go.jp", "status": "ACTIVE", "parentId": "ou-ab12-22222222" },
            { "id": "333344445555", "name": "dev", "email": "d@example.go.jp", "status": "ACTIVE", "parentId": "ou-ab12-33333333" },
            { "id": "444455556666", "name": "Audit", "email": "a@example.go.jp", "status": "ACTIVE", "parentId": "ou-ab12-44444444" },
            { "id": "555566667777", "name": "Log Archive", "email": "l@example.go.jp", "status": "ACTIVE", "parentId": "ou-ab12-44444444" }
          ],
          "policies": []
        }
        """;

    private const string OptOut = """
              - name: Development
                description: Development workloads.
                exemptions:
                  - control: deny-access-keys
                    reason: Developers use short-lived access keys from the sandbox vending machine.
        """;

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("govcfct-strict-");

    public void Dispose() => _temp.Delete(true);

    private string In(string relative) => Path.Combine(_temp.FullName, relative);

    private static Task<CliResult> Run(params string[] args) => CliRunner.Run(args);

    private async Task<string> InitWithOptOut(params string[] initArgs)
    {
        var repo = In("repo");
        var init = await Run(["init", repo, "--prefix", "gc", .. initArgs]);
        init.Exit.Should().Be(0, init.Err);
        var workloads = Path.Combine(repo, "manifest", "ous", "workloads.yaml");
        var text = File.ReadAllText(workloads);
        text = text.Contains("      - name: Development\n        description: Development workloads.\n", StringComparison.Ordinal)
            ? text.Replace("      - name: Development\n        description: Development workloads.\n", OptOut + "\n", StringComparison.Ordinal)
            : text.Replace("      - name: \"Development\"\n", "      - name: \"Development\"\n        exemptions:\n          - control: deny-access-keys\n            reason: Developers use short-lived access keys.\n", StringComparison.Ordinal);
        text.Should().Contain("control: deny-access-keys");
        File.WriteAllText(workloads, text);
        return repo;
    }

    private static Task<CliResult> Build(string repo, params string[] more) =>
        Run(["build", "--definition", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--out", Path.Combine(repo, "out"), "--warnings-as-errors", .. more]);

    [Fact]
    public async Task An_init_repository_with_an_opt_out_builds_validates_and_plans_with_warnings_as_errors()
    {
        File.WriteAllText(In("org.json"), Snapshot);
        var repo = await InitWithOptOut();
        File.ReadAllText(Path.Combine(repo, "manifest", "ous", "workloads.yaml")).Should().Contain("holds_accounts: false");
        File.ReadAllText(Path.Combine(repo, "manifest", "ous", "security.yaml")).Should().Contain("left_to_control_tower: ");

        var build = await Build(repo);
        build.Exit.Should().Be(0, build.Err);
        build.Err.Should().NotContain("GCF1407");

        var validate = await Run("validate", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--org", In("org.json"), "--warnings-as-errors");
        validate.Exit.Should().Be(0, validate.Err);

        var plan = await Run("plan", "--org", In("org.json"), "--definition", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--warnings-as-errors");
        plan.Exit.Should().Be(0, plan.Err);
        plan.Err.Should().NotContain("GCF3134", "Audit and Log Archive are left to Control Tower on purpose, and the definition says so");

        // Without the answers the same repository fails, as it did before the definition could answer.
        var security = Path.Combine(repo, "manifest", "ous", "security.yaml");
        File.WriteAllLines(security, File.ReadAllLines(security).Where(l => !l.Contains("left_to_control_tower", StringComparison.Ordinal)));
        var gap = await Run("plan", "--org", In("org.json"), "--definition", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--warnings-as-errors");
        gap.Exit.Should().Be(1);
        gap.Err.Should().Contain("error GCF3134: 2 account(s) in scope receive no control (first: 444455556666 (Audit) in Security)");

        var workloads = Path.Combine(repo, "manifest", "ous", "workloads.yaml");
        File.WriteAllLines(workloads, File.ReadAllLines(workloads).Where(l => !l.Contains("holds_accounts", StringComparison.Ordinal)));
        Directory.Delete(Path.Combine(repo, "out"), recursive: true);
        var strict = await Build(repo);
        strict.Exit.Should().Be(1);
        strict.Err.Should().Contain("error GCF1407: 'deny-access-keys' is attached to the child OUs of 'Workloads'");
    }

    [Fact]
    public async Task The_shipped_definition_with_its_values_replaced_builds_and_validates_with_warnings_as_errors()
    {
        // As shipped, build warns about the sample values a team must replace (GCF1050/1051), so --warnings-as-errors
        // fails until they are; with real-looking values in their place nothing else is left to warn about.
        var shipped = await Run("build", "--definition", RepositoryRoot.Combine("manifest"), "--templates", RepositoryRoot.Combine("templates"), "--out", In("shipped-out"), "--warnings-as-errors");
        shipped.Exit.Should().Be(1);
        shipped.Err.Should().Contain("GCF1050").And.Contain("GCF1051");

        var build = await Run("build", "--definition", RepositoryRoot.RealisticDefinition, "--templates", RepositoryRoot.Combine("templates"), "--out", In("out"), "--warnings-as-errors");
        build.Exit.Should().Be(0, build.Err);

        var validate = await Run("validate", RepositoryRoot.RealisticDefinition, "--templates", RepositoryRoot.Combine("templates"), "--warnings-as-errors");
        validate.Exit.Should().Be(0, validate.Err);
        validate.Out.Should().Contain("validate: ok (0 warning(s))");
    }

    [Fact]
    public async Task An_init_repository_from_a_snapshot_states_both_answers_itself()
    {
        File.WriteAllText(In("org.json"), Snapshot);
        var repo = await InitWithOptOut("--org", In("org.json"));

        File.ReadAllText(Path.Combine(repo, "manifest", "ous", "workloads.yaml")).Should().Contain("  - name: \"Workloads\"\n    controls:\n").And.Contain("    holds_accounts: false\n");
        File.ReadAllText(Path.Combine(repo, "manifest", "ous", "security.yaml")).Should().Contain("    left_to_control_tower: ");
        var build = await Build(repo);
        build.Exit.Should().Be(0, build.Err);
        var plan = await Run("plan", "--org", In("org.json"), "--definition", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--warnings-as-errors");
        plan.Exit.Should().Be(0, plan.Err);
    }

    [Fact]
    public async Task Holds_no_accounts_is_checked_against_the_lock_and_the_snapshot()
    {
        File.WriteAllText(In("org.json"), Snapshot);
        var repo = await InitWithOptOut("--org", In("org.json"));

        // An account moved into Workloads itself: the snapshot contradicts the definition.
        File.WriteAllText(In("moved.json"), Snapshot.Replace("\"parentId\": \"ou-ab12-33333333\"", "\"parentId\": \"ou-ab12-11111111\"", StringComparison.Ordinal));
        var validate = await Run("validate", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--org", In("moved.json"));
        validate.Exit.Should().Be(1);
        validate.Err.Should().Contain("ous/workloads.yaml(").And.Contain("error GCF1061: OU 'Workloads' says 'holds_accounts: false' but the organization has 1 account(s) directly in it (first: 333344445555)");

        // The lock written from that organization says so too, and the build refuses the statement.
        var lockRun = await Run("org", "lock", "--org", In("moved.json"), "--out", Path.Combine(repo, "manifest", "org-lock.yaml"));
        lockRun.Exit.Should().Be(0, lockRun.Err);
        var build = await Build(repo);
        build.Exit.Should().Be(1);
        build.Err.Should().Contain("error GCF1061: OU 'Workloads' says 'holds_accounts: false' but org-lock.yaml has accounts directly in it (333344445555)");
    }

    [Fact]
    public async Task Holds_no_accounts_with_accounts_listed_and_a_blank_reason_are_errors()
    {
        var repo = await InitWithOptOut();
        var security = Path.Combine(repo, "manifest", "ous", "security.yaml");
        File.WriteAllText(security, File.ReadAllText(security).Replace("left_to_control_tower: Control Tower's mandatory controls govern the Audit and Log Archive accounts it created.", "left_to_control_tower: ' '", StringComparison.Ordinal));
        var workloads = Path.Combine(repo, "manifest", "ous", "workloads.yaml");
        File.WriteAllText(workloads, File.ReadAllText(workloads).Replace("    holds_accounts: false\n", "    holds_accounts: false\n    accounts:\n      - id: \"222233334444\"\n        name: prod\n", StringComparison.Ordinal));

        var build = await Build(repo);

        build.Exit.Should().Be(1);
        build.Err.Should().Contain("error GCF1061: OU 'Workloads' says 'holds_accounts: false' but lists account 222233334444 directly in it");
        build.Err.Should().Contain("error GCF1062: 'left_to_control_tower' of OU 'Security' is blank");
    }
}
