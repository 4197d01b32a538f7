namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>govcfct init --org SNAPSHOT</c> end to end in memory: a new repository that mirrors the organization (OUs,
/// management account, org-lock.yaml), which then builds and validates against the same snapshot with no lock finding;
/// a snapshot a lock cannot be written from stops init with its code and writes nothing.
/// </summary>
public sealed class InitCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("govcfct-init-cli-");

    public void Dispose() => _temp.Delete(true);

    private string In(string relative) => Path.Combine(_temp.FullName, relative);

    // A small organization with a Japanese OU below Workloads and the management account at the root.
    internal const string Snapshot = """
        {
          "formatVersion": 1,
          "organizationId": "o-abcdefghij",
          "managementAccountId": "402916581730",
          "rootId": "r-ab12",
          "organizationalUnits": [
            { "id": "ou-ab12-11111111", "name": "Workloads", "parentId": "r-ab12", "path": "Workloads" },
            { "id": "ou-ab12-22222222", "name": "総務省", "parentId": "ou-ab12-11111111", "path": "Workloads:総務省" },
            { "id": "ou-ab12-33333333", "name": "Security", "parentId": "r-ab12", "path": "Security" }
          ],
          "accounts": [
            { "id": "402916581730", "name": "gov-management", "email": "m@example.go.jp", "status": "ACTIVE", "parentId": "r-ab12" },
            { "id": "444455556666", "name": "soumu-prod", "email": "s@example.go.jp", "status": "ACTIVE", "parentId": "ou-ab12-22222222" }
          ],
          "policies": []
        }
        """;

    // What the lock must say for Snapshot, worked out by hand from the snapshot above (paths sorted ordinally;
    // only the OU that directly holds an account says holds_accounts and lists it; the management account is under the root).
    private const string ExpectedLock = """
        # yaml-language-server: $schema=./schema/org-lock.schema.json
        # Written by `govcfct org lock` from an organization snapshot: OU paths to ids (Control Tower controls) and each OU's accounts (organization-wide exclusions).
        # Review changes like a package lock; regenerate when OUs are created or moved and when accounts are created or moved.
        organization_id: o-abcdefghij
        management_account_id: "402916581730"
        root_id: r-ab12
        root_accounts:
          - "402916581730"
        organizational_units:
          - path: "Security"
            id: ou-ab12-33333333
          - path: "Workloads"
            id: ou-ab12-11111111
          - path: "Workloads:総務省"
            id: ou-ab12-22222222
            holds_accounts: true
            accounts:
              - "444455556666"

        """;

    [Fact]
    public async Task Init_with_a_snapshot_writes_the_lock_and_the_organizations_OUs_and_the_repository_builds_and_validates()
    {
        File.WriteAllText(In("org.json"), Snapshot);
        var repo = In("repo");

        var init = await Run("init", repo, "--org", In("org.json"), "--prefix", "gc");
        var build = await Run("build", "--definition", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--out", Path.Combine(repo, "out"));
        var validate = await Run("validate", Path.Combine(repo, "out"), "--definition", Path.Combine(repo, "manifest"), "--templates", Path.Combine(repo, "templates"), "--org", In("org.json"));

        init.Exit.Should().Be(0, init.Err);
        init.Out.Should().Contain("created manifest/org-lock.yaml").And.Contain("created manifest/ous/workloads.yaml").And.Contain("created manifest/ous/security.yaml");
        File.ReadAllText(Path.Combine(repo, "manifest", "org-lock.yaml")).Should().Be(ExpectedLock);
        var organization = File.ReadAllText(Path.Combine(repo, "manifest", "organization.yaml"));
        organization.Should().Contain("management_account:\n  id: \"402916581730\"\n  name: \"gov-management\"\n");
        var workloads = File.ReadAllText(Path.Combine(repo, "manifest", "ous", "workloads.yaml"));
        workloads.Should().Contain("  - name: \"Workloads\"\n    controls:\n      - protect-exempt-principals\n").And.Contain("    children:\n      - name: \"総務省\"\n");
        File.ReadAllText(Path.Combine(repo, "manifest", "ous", "security.yaml")).Should().NotContain("controls:", "only Workloads receives the starter's controls");

        build.Exit.Should().Be(0, build.Err);
        var manifest = File.ReadAllText(Path.Combine(repo, "out", "manifest.yaml"));
        manifest.Should().Contain("gc-scp-workloads").And.Contain("- \"Workloads\"");
        validate.Exit.Should().Be(0, validate.Err + validate.Out);
        validate.Err.Should().NotContain("GCF", "the lock init wrote matches the snapshot it came from: " + validate.Err);
    }

    [Theory]
    [InlineData("{\n  \"formatVersion\": 1,\n", "GCF3001")]
    [InlineData("""{"formatVersion":1,"managementAccountId":"402916581730","rootId":"r-ab12","organizationalUnits":[],"accounts":[],"policies":[]}""", "GCF3040")]
    [InlineData("""{"formatVersion":1,"organizationId":"o-abcdefghij","managementAccountId":"402916581730","rootId":"r-ab12","organizationalUnits":[{"id":"ou-ab12-11111111","name":"A","parentId":"ou-ab12-99999999","path":"A"}],"accounts":[],"policies":[]}""", "GCF3003")]
    public async Task Init_with_a_snapshot_no_lock_can_be_written_from_exits_1_and_writes_nothing(string snapshot, string code)
    {
        File.WriteAllText(In("org.json"), snapshot);
        var repo = In("repo");

        var init = await Run("init", repo, "--org", In("org.json"));

        init.Exit.Should().Be(1);
        init.Err.Should().Contain($"error {code}:");
        init.Out.Should().BeEmpty();
        Directory.Exists(repo).Should().BeFalse("init is atomic: a bad snapshot writes nothing");
    }

    [Fact]
    public async Task Init_with_a_missing_snapshot_is_a_usage_error()
    {
        var init = await Run("init", In("repo"), "--org", In("missing.json"));

        init.Exit.Should().Be(2);
        init.Err.Should().Contain("error GCF9001: --org: file");
        Directory.Exists(In("repo")).Should().BeFalse();
    }

    /// <summary>
    /// The loader judges the definition in a staging folder that is then deleted: the message names the option and the
    /// file and line init would have written, never a path such as organization.yaml(11,20) that does not exist.
    /// </summary>
    [Theory]
    [InlineData("--prefix", "My_Org-", "GCF1020", "manifest/organization.yaml, line 11")]
    [InlineData("--home-region", "tokyo", "GCF1019", "manifest/organization.yaml, line 6")]
    public async Task A_value_the_loader_refuses_names_the_option_and_writes_nothing(string option, string value, string code, string where)
    {
        var repo = In("repo");

        var init = await Run("init", repo, option, value);

        init.Exit.Should().Be(1);
        init.Err.Should().Contain($"error {code}: {option}: ").And.Contain($"(in {where} as init would write it; nothing was written)");
        init.Err.Should().Contain($"run init again with another {option}");
        init.Err.Should().NotMatchRegex(@"organization\.yaml\(\d+,\d+\)", "that file was never written");
        Directory.Exists(repo).Should().BeFalse();
    }
}
