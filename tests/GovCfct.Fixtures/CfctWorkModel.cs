using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Organization;
using GovCfct.Core.Packaging;
using GovCfct.Core.Resolution;

namespace GovCfct.Fixtures;

/// <summary>The work CfCT does for one pipeline run: stack-set executions (run one after another), stack instances they touch, policy resources and attachments.</summary>
public sealed record CfctWork(int ManifestResources, int StackSetExecutions, long StackInstances, int PolicyResources, int PolicyAttachments);

/// <summary>Lower bound and actual size of the package's SCP/RCP output.</summary>
public sealed record PolicyFootprint(int DistinctPolicyInstances, int Documents, long Bytes, long LowerBoundBytes, int MaxAttachedAtOneOu, int SlotsAvailable);

/// <summary>
/// Counts what CfCT would do with a package against an organization snapshot, following docs/facts/cfct.md §6–7: resources are
/// processed one at a time, an unchanged stack set (same template bytes, parameters and targets) is skipped, a changed
/// one is updated on all its instances, and a stack set reaches the accounts directly in the OUs it lists.
/// </summary>
public sealed class CfctWorkModel
{
    private readonly Dictionary<string, int> _accountsByOuPath;

    public CfctWorkModel(OrgSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var pathById = snapshot.OrganizationalUnits.ToDictionary(o => o.Id, o => o.Path, StringComparer.Ordinal);
        _accountsByOuPath = snapshot.Accounts
            .Where(a => pathById.ContainsKey(a.ParentId))
            .GroupBy(a => pathById[a.ParentId], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>Accounts directly in the OU (CfCT form path).</summary>
    public int AccountsIn(string ouPath) => _accountsByOuPath.GetValueOrDefault(ouPath);

    /// <summary>The first run of a package: every resource is new.</summary>
    public CfctWork FirstRun(CfctPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var stackSets = package.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet).ToList();
        var policies = package.Manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet).ToList();
        return new CfctWork(package.Manifest.Resources.Length, stackSets.Count, stackSets.Sum(Instances), policies.Count, policies.Sum(p => p.OrganizationalUnits.Length));
    }

    /// <summary>A run after <paramref name="before"/> was deployed: only stack sets whose template, parameters or targets differ start an execution.</summary>
    public CfctWork Change(CfctPackage before, CfctPackage after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.Manifest.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var executions = 0;
        long instances = 0;
        foreach (var resource in after.Manifest.Resources.Where(r => r.DeployMethod == DeployMethod.StackSet))
        {
            if (!old.TryGetValue(resource.Name, out var previous))
            {
                executions++;
                instances += Instances(resource);
                continue;
            }

            var sameTemplate = before.Files[previous.ResourceFile].AsSpan().SequenceEqual(after.Files[resource.ResourceFile]);
            var sameParameters = previous.Parameters.SequenceEqual(resource.Parameters);
            if (!sameTemplate || !sameParameters)
            {
                executions++;
                instances += Instances(resource);
            }
            else if (!previous.OrganizationalUnits.SequenceEqual(resource.OrganizationalUnits) || !previous.Regions.SequenceEqual(resource.Regions))
            {
                // Only instances are added or removed (SkipUpdateStackSet).
                executions++;
                var was = previous.OrganizationalUnits.ToHashSet(StringComparer.Ordinal);
                var now = resource.OrganizationalUnits.ToHashSet(StringComparer.Ordinal);
                instances += (long)resource.Regions.Length * (now.Except(was).Sum(AccountsInReference) + was.Except(now).Sum(AccountsInReference));
            }
        }

        // SCP/RCP resources are updated on every run whatever changed (docs/facts/cfct.md §6).
        var policies = after.Manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet).ToList();
        return new CfctWork(after.Manifest.Resources.Length, executions, instances, policies.Count, policies.Sum(p => p.OrganizationalUnits.Length));
    }

    /// <summary>The same controls as a naive manifest with one resource per (control, OU that holds it): first run.</summary>
    public CfctWork NaiveFirstRun(ResolutionResult resolution, IReadOnlyDictionary<string, int> regionsByControl)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(regionsByControl);
        var stackSets = resolution.Ous.SelectMany(o => o.Controls.Where(c => c.Control.Kind == ControlKind.StackSet).Select(c => (o.Ou.Path, c.Control.Id))).ToList();
        var policies = resolution.Ous.Sum(o => o.Controls.Count(c => c.Control.Kind != ControlKind.StackSet));
        return new CfctWork(
            stackSets.Count + policies,
            stackSets.Count,
            stackSets.Sum(s => (long)AccountsIn(s.Path) * regionsByControl[s.Id]),
            policies,
            policies);
    }

    /// <summary>The naive manifest after a change: every (control, OU) whose values changed is its own execution.</summary>
    public CfctWork NaiveChange(ResolutionResult before, ResolutionResult after, IReadOnlyDictionary<string, int> regionsByControl)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(regionsByControl);
        var old = before.Ous.SelectMany(o => o.Controls.Select(c => (Key: o.Ou.Path + "|" + c.Control.Id, c.ValueKey))).ToDictionary(k => k.Key, k => k.ValueKey, StringComparer.Ordinal);
        var executions = 0;
        long instances = 0;
        var policies = 0;
        foreach (var ou in after.Ous)
        {
            foreach (var control in ou.Controls)
            {
                if (control.Control.Kind != ControlKind.StackSet)
                {
                    policies++;
                    continue;
                }

                if (old.GetValueOrDefault(ou.Ou.Path + "|" + control.Control.Id) != control.ValueKey)
                {
                    executions++;
                    instances += (long)AccountsIn(ou.Ou.Path) * regionsByControl[control.Control.Id];
                }
            }
        }

        var stackSets = after.Ous.Sum(o => o.Controls.Count(c => c.Control.Kind == ControlKind.StackSet));
        return new CfctWork(stackSets + policies, executions, instances, policies, policies);
    }

    /// <summary>SCP/RCP bytes against their lower bound: each distinct (control, values) once, minified, in as few documents as the package has.</summary>
    public static PolicyFootprint Policies(BuildReport report, ImmutableDictionary<string, int> minifiedBytesByInstance, int envelopeBytes)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(minifiedBytesByInstance);
        var documents = report.Policies.Length;
        var bytes = report.Policies.Sum(p => (long)p.Bytes);

        // Statements only (each instance's own envelope removed) plus one envelope per document the package needs.
        var lower = minifiedBytesByInstance.Values.Sum(v => (long)(v - envelopeBytes)) + ((long)documents * envelopeBytes);
        var maxAttached = report.Ous.IsEmpty ? 0 : report.Ous.Max(o => o.ScpsAttached.Length);
        return new PolicyFootprint(minifiedBytesByInstance.Count, documents, bytes, lower, maxAttached, report.ScpSlotsAvailable);
    }

    private long Instances(ManifestResource resource) => (long)resource.Regions.Length * resource.OrganizationalUnits.Sum(AccountsInReference);

    // Manifest OU references are CfCT paths, or "Name (ou-id)" for ambiguous names; the path is what we count by.
    private int AccountsInReference(string reference)
    {
        var paren = reference.IndexOf(" (", StringComparison.Ordinal);
        return AccountsIn(paren < 0 ? reference : reference[..paren]);
    }
}
