using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>The org lock: written from a snapshot, read back strictly, and compared with the live organization.</summary>
public sealed class OrgLockTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-lock-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static OrgSnapshot Snapshot(params OrgAccount[] accounts) => new(
        "o-abcdefghij",
        "111122223333",
        "r-ab12",
        [
            new OrgUnit("ou-ab12-22222222", "Workloads", "r-ab12", "Workloads"),
            new OrgUnit("ou-ab12-11111111", "Prod", "ou-ab12-22222222", "Workloads:Prod"),
            new OrgUnit("ou-ab12-33333333", "総務省", "ou-ab12-22222222", "Workloads:総務省"),
        ],
        [.. accounts],
        []);

    private OrgLock? ReadBack(string text, DiagnosticBag diagnostics)
    {
        var path = Path.Combine(_work, OrgLock.FileName);
        File.WriteAllText(path, text);
        return new OrgLockReader(diagnostics).Read(path, "manifest/org-lock.yaml");
    }

    [Fact]
    public void A_written_lock_reads_back_with_every_OU_its_id_and_whether_it_holds_accounts()
    {
        var snapshot = Snapshot(new OrgAccount("444455556666", "prod", "p@example.com", "ACTIVE", "ou-ab12-11111111"));
        var text = OrgLockWriter.Write(snapshot);
        var diagnostics = new DiagnosticBag();

        var orgLock = ReadBack(text, diagnostics);

        diagnostics.Items.Should().BeEmpty();
        orgLock!.OrganizationId.Should().Be("o-abcdefghij");
        orgLock.Ous.Keys.Should().Equal("Workloads", "Workloads:Prod", "Workloads:総務省");
        orgLock.Ous["Workloads:Prod"].HoldsAccounts.Should().BeTrue();
        orgLock.Ous["Workloads"].HoldsAccounts.Should().BeFalse();
        orgLock.OuArn(orgLock.Ous["Workloads:Prod"]).Should().Be("arn:aws:organizations::111122223333:ou/o-abcdefghij/ou-ab12-11111111");
        OrgLockWriter.Write(snapshot).Should().Be(text, "an unchanged organization gives the same bytes");
        OrgLockWriter.Check(orgLock, snapshot).Should().BeEmpty();
    }

    [Fact]
    public void A_re_created_OU_an_OU_that_now_holds_accounts_and_a_new_OU_make_the_lock_stale()
    {
        var orgLock = ReadBack(OrgLockWriter.Write(Snapshot()), new DiagnosticBag())!;
        var live = Snapshot(new OrgAccount("444455556666", "prod", "p@example.com", "ACTIVE", "ou-ab12-11111111"));
        live = live with
        {
            OrganizationalUnits = [.. live.OrganizationalUnits.Select(o => o.Path == "Workloads:総務省" ? o with { Id = "ou-ab12-99999999" } : o), new OrgUnit("ou-ab12-44444444", "New", "r-ab12", "New")],
        };

        var found = OrgLockWriter.Check(orgLock, live);

        found.Where(d => d.Code == DiagnosticCodes.OrgLockStale.Id).Select(d => d.Message).Should().SatisfyRespectively(
            m => m.Should().Contain("Workloads:Prod").And.Contain("holds accounts"),
            m => m.Should().Contain("Workloads:総務省").And.Contain("ou-ab12-99999999"));
        found.Should().ContainSingle(d => d.Code == DiagnosticCodes.OrgLockMissingOu.Id).Which.Severity.Should().Be(Severity.Warning);
    }

    [Theory]
    [InlineData("organization_id: o-ABC\nmanagement_account_id: \"111122223333\"\nroot_id: r-ab12\norganizational_units: []\n", "organization_id")]
    [InlineData("organization_id: o-abcdefghij\nmanagement_account_id: \"111122223333\"\nroot_id: r-ab12\norganizational_units:\n  - path: A\n    id: ou-1\n", "id 'ou-1'")]
    [InlineData("organization_id: o-abcdefghij\nmanagement_account_id: \"111122223333\"\nroot_id: r-ab12\norganizational_units:\n  - path: A\n    id: ou-ab12-11111111\n  - path: A\n    id: ou-ab12-22222222\n", "locked twice")]
    public void A_malformed_lock_is_a_coded_error_and_no_lock(string text, string expected)
    {
        var diagnostics = new DiagnosticBag();

        ReadBack(text, diagnostics).Should().BeNull();

        diagnostics.Items.Should().Contain(d => d.Code == DiagnosticCodes.InvalidOrgLock.Id && d.Message.Contains(expected) && d.Location!.File == "manifest/org-lock.yaml" && d.Location.Line > 0);
    }
}
