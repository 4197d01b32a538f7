using System.Collections.Immutable;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Status;
using GovCfct.Pipeline;
using GovCfct.Testing;

namespace GovCfct.Aws.Tests.Config;

/// <summary>
/// A small organization with the shipped catalog's 11 detective controls on Workloads, deployed organization-wide:
/// Workloads:A holds <see cref="AccountA"/> (the caller's account on moto), Workloads:B opts out of ct-restricted-ssh,
/// Sandbox has no detective control. The lock is written by the real <c>org lock</c> code path and the package by the
/// production pipeline, so the packs are exactly what <c>govcfct build</c> writes.
/// </summary>
internal sealed class DetectiveWorld : IDisposable
{
    public const string Management = "111122223333";
    public const string AccountB = "300000000001";
    public const string SandboxAccount = "400000000001";
    public const string RootId = "r-ab12";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("govcfct-detective-");

    public DetectiveWorld(string accountA)
    {
        AccountA = accountA;
        Organization = new OrgSnapshot(
            "o-abcdefghij",
            Management,
            RootId,
            [
                new OrgUnit("ou-ab12-00000001", "Workloads", RootId, "Workloads"),
                new OrgUnit("ou-ab12-00000002", "A", "ou-ab12-00000001", "Workloads:A"),
                new OrgUnit("ou-ab12-00000003", "B", "ou-ab12-00000001", "Workloads:B"),
                new OrgUnit("ou-ab12-00000004", "Sandbox", RootId, "Sandbox"),
            ],
            [
                new OrgAccount(Management, "management", "m@example.jp", "ACTIVE", RootId),
                new OrgAccount(accountA, "a", "a@example.jp", "ACTIVE", "ou-ab12-00000002"),
                new OrgAccount(AccountB, "b", "b@example.jp", "ACTIVE", "ou-ab12-00000003"),
                new OrgAccount(SandboxAccount, "s", "s@example.jp", "ACTIVE", "ou-ab12-00000004"),
            ],
            []);
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "ous"));
        File.WriteAllText(Path.Combine(_folder.FullName, "organization.yaml"), """
            organization:
              name: detective
              home_region: ap-northeast-1
              governed_regions: [ap-northeast-1, ap-northeast-3]
              resource_prefix: gc
            landing_zone:
              audit_account: "210987654321"
              log_archive_account: "012345678901"
            management_account:
              id: "111122223333"
              name: management
            """);
        File.WriteAllText(Path.Combine(_folder.FullName, "ous", "workloads.yaml"), """
            parent: Root
            ous:
              - name: Workloads
                controls: [ct-encrypted-volumes, ct-restricted-common-ports, ct-restricted-ssh, ct-root-account-mfa, ct-s3-public-read-prohibited, ct-s3-public-write-prohibited, ct-ec2-volume-inuse-check, ct-ebs-optimized-instance, ct-rds-instance-public-access, ct-rds-snapshots-public, ct-rds-storage-encrypted]
                children:
                  - name: A
                  - name: B
                    exemptions:
                      - control: ct-restricted-ssh
                        reason: The team's test runs open SSH on purpose.
              - name: Sandbox
            """);
        File.WriteAllText(Path.Combine(_folder.FullName, "org-lock.yaml"), OrgLockWriter.Write(Organization));
        var diagnostics = new DiagnosticBag();
        // Two OUs hold accounts under Workloads: 21 enablements; a threshold of 10 makes auto choose organization.
        var definition = BuildPipeline.Production().LoadDefinition(_folder.FullName, diagnostics)!;
        definition = definition with { LandingZone = definition.LandingZone! with { MaxControlTowerDetectiveEnablements = 10 } };
        var result = BuildPipeline.Production().Build(definition, RepositoryRoot.Combine("templates"), diagnostics);
        Diagnostics = diagnostics;
        Package = result.Package ?? throw new InvalidOperationException(string.Join('\n', diagnostics.Items));
        Packs = ExpectedPacks.Read(Package);
    }

    public string AccountA { get; }

    public OrgSnapshot Organization { get; }

    public DiagnosticBag Diagnostics { get; }

    public CfctPackage Package { get; }

    public ImmutableArray<ExpectedPack> Packs { get; }

    /// <summary>The management-account stack that deploys the packs.</summary>
    public string StackText => Encoding.UTF8.GetString(Package.Files["templates/gc-detective-controls.template"]);

    public void Dispose() => _folder.Delete(recursive: true);
}
