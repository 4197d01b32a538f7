using System.Text.Json.Nodes;

namespace GovCfct.Cli.Tests.Commands;

/// <summary>
/// <c>govcfct org lock</c> end to end: a snapshot becomes org-lock.yaml beside a definition, the build targets the
/// locked OU ids with Control Tower controls, and plan and validate --org report the lock once the organization moved on.
/// </summary>
public sealed class OrgLockCommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("govcfct-lock-cli-");

    public void Dispose() => _temp.Delete(true);

    private static string Root { get; } = GovCfct.Testing.RepositoryRoot.Path;

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GovCfctApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_temp.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonObject Snapshot(string prodId, bool prodHoldsAccount) => new()
    {
        ["formatVersion"] = 1,
        ["organizationId"] = "o-abcdefghij",
        ["managementAccountId"] = "111122223333",
        ["rootId"] = "r-ab12",
        ["organizationalUnits"] = new JsonArray(
            new JsonObject { ["id"] = "ou-ab12-11111111", ["name"] = "Workloads", ["parentId"] = "r-ab12", ["path"] = "Workloads" },
            new JsonObject { ["id"] = prodId, ["name"] = "Prod", ["parentId"] = "ou-ab12-11111111", ["path"] = "Workloads:Prod" }),
        ["accounts"] = new JsonArray(
            new JsonObject { ["id"] = "111122223333", ["name"] = "mgmt", ["email"] = "m@example.go.jp", ["status"] = "ACTIVE", ["parentId"] = "r-ab12" },
            new JsonObject { ["id"] = "444455556666", ["name"] = "prod", ["email"] = "p@example.go.jp", ["status"] = "ACTIVE", ["parentId"] = prodHoldsAccount ? prodId : "ou-ab12-11111111" }),
        ["policies"] = new JsonArray(),
    };

    [Fact]
    public async Task A_lock_from_a_snapshot_targets_the_OU_ids_and_plan_and_validate_report_it_stale_later()
    {
        var definition = Path.Combine(_temp.FullName, "manifest");
        Write("manifest/organization.yaml", """
            organization:
              name: test
              home_region: ap-northeast-1
              resource_prefix: gc
            parameters:
              AllowedRegions: [ap-northeast-1, ap-northeast-3]
            management_account:
              id: "111122223333"
              name: mgmt
            landing_zone:
              audit_account: "210987654321"
              log_archive_account: "012345678901"
            """);
        Write("manifest/ous/workloads.yaml", """
            parent: Root
            ous:
              - name: Workloads
                controls:
                  - ct-region-deny
                  - deny-region-opt-in
                  - protect-exempt-principals
                  - ct-restricted-ssh
                children:
                  - name: Prod
            """);
        var org = Write("org.json", Snapshot("ou-ab12-22222222", prodHoldsAccount: true).ToJsonString());

        var locked = await Run("org", "lock", "--org", org, "--out", Path.Combine(definition, "org-lock.yaml"));
        locked.Exit.Should().Be(0, locked.Err);
        locked.Out.Should().StartWith("wrote ");
        File.ReadAllText(Path.Combine(definition, "org-lock.yaml")).Should().Contain("id: ou-ab12-22222222\n    holds_accounts: true");

        // #27 item 11: the same snapshot again changes nothing, and the command does not claim to have written.
        var written = File.GetLastWriteTimeUtc(Path.Combine(definition, "org-lock.yaml"));
        var again = await Run("org", "lock", "--org", org, "--out", Path.Combine(definition, "org-lock.yaml"));
        again.Exit.Should().Be(0, again.Err);
        again.Out.Should().StartWith("unchanged ").And.NotContain("wrote");
        File.GetLastWriteTimeUtc(Path.Combine(definition, "org-lock.yaml")).Should().Be(written);

        var output = Path.Combine(_temp.FullName, "out");
        var build = await Run("build", "--definition", definition, "--templates", Path.Combine(Root, "templates"), "--out", output);
        build.Exit.Should().Be(0, build.Err);
        var template = File.ReadAllText(Path.Combine(output, "templates", "gc-ct-controls.template"));
        template.Should().Contain("TargetIdentifier: arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-11111111", "the region deny sits on Workloads")
            .And.Contain("TargetIdentifier: arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-22222222", "restricted SSH goes to Prod, which holds the account");

        var current = await Run("plan", "--org", org, "--definition", definition, "--templates", Path.Combine(Root, "templates"));
        current.Err.Should().NotContain("GCF3041");

        // Prod was deleted and re-created: same path, new id.
        var moved = Write("org-later.json", Snapshot("ou-ab12-99999999", prodHoldsAccount: true).ToJsonString());
        var plan = await Run("plan", "--org", moved, "--definition", definition, "--templates", Path.Combine(Root, "templates"));
        plan.Exit.Should().Be(1);
        plan.Err.Should().Contain("error GCF3041").And.Contain("Workloads:Prod").And.Contain("ou-ab12-99999999");

        var validate = await Run("validate", definition, "--templates", Path.Combine(Root, "templates"), "--org", moved);
        validate.Exit.Should().Be(1);
        (validate.Out + validate.Err).Should().Contain("error GCF3041");
    }

    [Fact]
    public async Task A_missing_snapshot_is_a_usage_error()
    {
        var (exit, _, error) = await Run("org", "lock", "--org", Path.Combine(_temp.FullName, "none.json"));

        exit.Should().Be(2);
        error.Should().Contain("GCF9001");
    }
}
