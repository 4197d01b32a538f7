using GovCfct.Cli.Tests.Support;
using GovCfct.Core.Organization;

namespace GovCfct.Cli.Tests.Status;

/// <summary>
/// <c>govcfct status</c> on the detective controls' organization conformance packs from a saved deployed state (the
/// per-account statuses AWS Config's GetOrganizationConformancePackDetailedStatus returns): a new account created in an
/// opted-out OU after the lock was written has the pack, and status says so with GCF3520 and exit 1.
/// </summary>
public sealed class DetectiveStatusTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("govcfct-detective-status-");

    public void Dispose() => _work.Delete(recursive: true);

    private string In(string name) => Path.Combine(_work.FullName, name);

    [Fact]
    public async Task An_opted_out_OUs_new_account_that_received_the_pack_is_reported()
    {
        var definition = In("manifest");
        Directory.CreateDirectory(Path.Combine(definition, "ous"));
        File.WriteAllText(Path.Combine(definition, "organization.yaml"), """
            organization:
              name: detective
              home_region: ap-northeast-1
              governed_regions: [ap-northeast-1]
              resource_prefix: gc
            landing_zone:
              audit_account: "210987654321"
              log_archive_account: "012345678901"
              detective_mechanism: organization
            management_account:
              id: "111122223333"
              name: management
            """);
        File.WriteAllText(Path.Combine(definition, "ous", "workloads.yaml"), """
            parent: Root
            ous:
              - name: Workloads
                controls: [ct-restricted-ssh]
                children:
                  - name: A
                  - name: B
                    exemptions:
                      - control: ct-restricted-ssh
                        reason: The team's test runs open SSH on purpose.
            """);
        OrgUnit[] ous =
        [
            new("ou-ab12-00000001", "Workloads", "r-ab12", "Workloads"),
            new("ou-ab12-00000002", "A", "ou-ab12-00000001", "Workloads:A"),
            new("ou-ab12-00000003", "B", "ou-ab12-00000001", "Workloads:B"),
        ];
        var locked = new OrgSnapshot("o-abcdefghij", "111122223333", "r-ab12", [.. ous], [new("111122223333", "m", "m@example.jp", "ACTIVE", "r-ab12"), new("200000000001", "a", "a@example.jp", "ACTIVE", "ou-ab12-00000002"), new("300000000001", "b", "b@example.jp", "ACTIVE", "ou-ab12-00000003")], []);
        File.WriteAllText(Path.Combine(definition, "org-lock.yaml"), OrgLockWriter.Write(locked));
        // Later: a new account in the opted-out OU B.
        var live = locked with { Accounts = locked.Accounts.Add(new("300000000009", "b-new", "b9@example.jp", "ACTIVE", "ou-ab12-00000003")) };
        File.WriteAllBytes(In("org.json"), OrgSnapshotSerializer.SerializeToUtf8(live));
        File.WriteAllText(In("deployed.json"), """
            {
              "schemaVersion": 1,
              "deployed": {
                "stackSets": [ { "name": "CustomControlTower-gc-detective-controls", "status": "ACTIVE", "current": { "ap-northeast-1": ["111122223333"] } } ],
                "conformancePacks": [
                  { "packName": "gc-detective-controls", "region": "ap-northeast-1", "accountId": "200000000001", "status": "CREATE_SUCCESSFUL" },
                  { "packName": "gc-detective-controls", "region": "ap-northeast-1", "accountId": "300000000009", "status": "CREATE_SUCCESSFUL" }
                ]
              }
            }
            """);

        var result = await CliRunner.Run("status", "--definition", definition, "--templates", RepositoryRoot.Combine("templates"), "--org", In("org.json"), "--deployed", In("deployed.json"));

        result.Exit.Should().Be(1, result.Err);
        result.Err.Should().Contain("warning GCF3520: account 300000000009 in ap-northeast-1 has organization conformance pack gc-detective-controls outside its scope");
        result.Err.Should().Contain("warning GCF3050", "the lock's account list of Workloads:B is behind the organization");
        result.Out.Should().Contain("| conformance-pack | gc-detective-controls | 300000000009 in ap-northeast-1 |");
        result.Out.Should().Contain("| gc-detective-controls | Config conformance pack | 1 | 1 | 0 | 0 | 0 | 0 |");
        result.Err.Should().Contain("NOT COVERED: 1 stale item(s)");
    }
}
