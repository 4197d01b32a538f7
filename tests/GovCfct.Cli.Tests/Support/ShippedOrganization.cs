using GovCfct.Core.Organization;

namespace GovCfct.Cli.Tests.Support;

/// <summary>
/// An organization whose OU tree is the shipped definition's, as on the day it was set up (no policies yet), with
/// the ids of the shipped org lock: the organization the lock was written from, so plan finds it current.
/// </summary>
internal static class ShippedOrganization
{
    /// <summary>Writes the snapshot of <paramref name="definitionDirectory"/> (default: the shipped definition) to <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, string? definitionDirectory = null)
    {
        var diagnostics = new Core.Diagnostics.DiagnosticBag();
        var definition = Pipeline.BuildPipeline.Production().LoadDefinition(definitionDirectory ?? System.IO.Path.Combine(RepositoryRoot.Path, "manifest"), diagnostics)!;
        var orgLock = definition.Lock!;
        var ous = new List<OrgUnit>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal) { [string.Empty] = orgLock.RootId };
        foreach (var ou in definition.AllOus())
        {
            var id = orgLock.Ous.TryGetValue(ou.Path, out var locked) ? locked.Id : $"ou-gc01-{ous.Count:x8}";
            ids[ou.Path] = id;
            var parent = ou.Path.Contains(':', StringComparison.Ordinal) ? ou.Path[..ou.Path.LastIndexOf(':')] : string.Empty;
            ous.Add(new OrgUnit(id, ou.Name, ids[parent], ou.Path));
        }

        var management = definition.TargetAccounts.First(a => a.IsManagement);
        var snapshot = new OrgSnapshot(orgLock.OrganizationId, management.Id, orgLock.RootId, [.. ous], [new OrgAccount(management.Id, management.Name, "management@govcloud.example.com", "ACTIVE", orgLock.RootId)], []);
        File.WriteAllBytes(path, OrgSnapshotSerializer.SerializeToUtf8(snapshot));
        return path;
    }
}
