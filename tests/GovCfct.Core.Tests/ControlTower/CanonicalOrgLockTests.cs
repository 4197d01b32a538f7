using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Tests.ControlTower;

/// <summary>
/// The lock in the writer's own form is read without a YAML parse; these tests hold that reading to the strict YAML
/// reader's result (every OU, id, account list and location) and prove that any other form still goes through the
/// strict reader, with its diagnostics.
/// </summary>
public sealed class CanonicalOrgLockTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("govcfct-canonical-lock-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static OrgSnapshot Snapshot() => new(
        "o-abcdefghij",
        "111122223333",
        "r-ab12",
        [
            new OrgUnit("ou-ab12-22222222", "Workloads", "r-ab12", "Workloads"),
            new OrgUnit("ou-ab12-11111111", "Prod", "ou-ab12-22222222", "Workloads:Prod"),
            new OrgUnit("ou-ab12-33333333", "総務省", "ou-ab12-22222222", "Workloads:総務省"),
            new OrgUnit("ou-ab12-44444444", "Empty", "r-ab12", "Empty"),
        ],
        [
            new OrgAccount("444455556666", "prod-b", "b@example.com", "ACTIVE", "ou-ab12-11111111"),
            new OrgAccount("222233334444", "prod-a", "a@example.com", "ACTIVE", "ou-ab12-11111111"),
            new OrgAccount("555566667777", "soumu", "s@example.com", "ACTIVE", "ou-ab12-33333333"),
            new OrgAccount("666677778888", "loose", "l@example.com", "ACTIVE", "r-ab12"),
        ],
        []);

    private (OrgLock? Lock, DiagnosticBag Diagnostics) Read(string text, bool fast)
    {
        var path = Path.Combine(_work, OrgLock.FileName);
        File.WriteAllText(path, text);
        var diagnostics = new DiagnosticBag();
        return (new OrgLockReader(diagnostics).Read(path, "manifest/org-lock.yaml", fast), diagnostics);
    }

    private static void AssertSame(OrgLock strict, OrgLock? fast)
    {
        Assert.NotNull(fast);
        Assert.Equal(strict.OrganizationId, fast.OrganizationId);
        Assert.Equal(strict.ManagementAccountId, fast.ManagementAccountId);
        Assert.Equal(strict.RootId, fast.RootId);
        Assert.Equal(strict.DisplayPath, fast.DisplayPath);
        Assert.Equal(strict.RootAccounts.ToArray(), fast.RootAccounts.ToArray());
        Assert.Equal(strict.Ous.Keys.ToArray(), fast.Ous.Keys.ToArray());
        foreach (var (path, ou) in strict.Ous)
        {
            var other = fast.Ous[path];
            Assert.Equal((ou.Path, ou.Id, ou.HoldsAccounts, ou.Location), (other.Path, other.Id, other.HoldsAccounts, other.Location));
            Assert.Equal(ou.Accounts.ToArray(), other.Accounts.ToArray());
        }
    }

    [Fact]
    public void The_writers_form_reads_as_the_strict_reader_reads_it_locations_included()
    {
        var text = OrgLockWriter.Write(Snapshot());
        var (strict, strictDiagnostics) = Read(text, fast: false);
        Assert.Empty(strictDiagnostics.Items);
        Assert.NotNull(strict);
        Assert.Equal(["666677778888"], strict.RootAccounts.ToArray());
        Assert.Equal(["222233334444", "444455556666"], strict.Ous["Workloads:Prod"].Accounts.ToArray());
        Assert.False(strict.Ous["Empty"].HoldsAccounts);

        AssertSame(strict, CanonicalOrgLock.TryRead(text, "manifest/org-lock.yaml"));
        AssertSame(strict, Read(text, fast: true).Lock);
    }

    [Fact]
    public void The_shipped_example_lock_is_left_to_the_strict_reader_which_keeps_its_mark()
    {
        // The shipped lock says example: true, a key the writer never writes: only the strict reader records it.
        var text = File.ReadAllText(GovCfct.Testing.RepositoryRoot.Combine("manifest", OrgLock.FileName));
        Assert.Null(CanonicalOrgLock.TryRead(text, "manifest/org-lock.yaml"));
        var (read, diagnostics) = Read(text, fast: true);
        Assert.DoesNotContain(diagnostics.Items, d => d.IsError);
        Assert.NotNull(read?.Example);

        // Without the mark it is in the writer's form again, and both readings agree.
        var unmarked = string.Join('\n', text.Split('\n').Where(l => l != "example: true"));
        var (strict, _) = Read(unmarked, fast: false);
        Assert.Null(strict!.Example);
        AssertSame(strict, CanonicalOrgLock.TryRead(unmarked, "manifest/org-lock.yaml"));
    }

    [Theory]
    [InlineData("    id: ou-ab12-11111111\n", "    id: ou-ab12-11111111 # prod\n")]
    [InlineData("  - path: \"Workloads:Prod\"\n", "  - path: Workloads:Prod\n")]
    [InlineData("      - \"222233334444\"\n      - \"444455556666\"\n", "      - \"444455556666\"\n      - \"222233334444\"\n")]
    [InlineData("organization_id: o-abcdefghij\n", "organization_id: o-abcdefghij\norganization_id: o-abcdefghij\n")]
    [InlineData("root_id: r-ab12\n", "root_id: r-ab12\r\n")]
    public void Any_other_form_is_left_to_the_strict_reader(string canonical, string edited)
    {
        var text = OrgLockWriter.Write(Snapshot());
        Assert.Contains(canonical, text, StringComparison.Ordinal);
        var changed = text.Replace(canonical, edited, StringComparison.Ordinal);
        Assert.Null(CanonicalOrgLock.TryRead(changed, "manifest/org-lock.yaml"));

        // Whatever the strict reader makes of it (a value, an error at its line) is what the reader returns.
        var (strict, strictDiagnostics) = Read(changed, fast: false);
        var (read, readDiagnostics) = Read(changed, fast: true);
        Assert.Equal(strictDiagnostics.Items.Select(d => (d.Code, d.Message, d.Location)), readDiagnostics.Items.Select(d => (d.Code, d.Message, d.Location)));
        Assert.Equal(strict is null, read is null);
    }

    [Fact]
    public void An_account_listed_twice_is_reported_by_the_strict_reader_at_its_line()
    {
        var text = OrgLockWriter.Write(Snapshot()).Replace("      - \"444455556666\"\n", "      - \"444455556666\"\n      - \"444455556666\"\n", StringComparison.Ordinal);
        var (read, diagnostics) = Read(text, fast: true);
        Assert.Null(read);
        var error = Assert.Single(diagnostics.Items, d => d.IsError);
        Assert.Equal(DiagnosticCodes.InvalidOrgLock.Id, error.Code);
        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(text.Split('\n').ToList().LastIndexOf("      - \"444455556666\"") + 1, error.Location!.Line);
    }
}
