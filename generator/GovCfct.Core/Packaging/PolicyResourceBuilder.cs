using System.Collections.Immutable;
using GovCfct.Core.Catalog;
using GovCfct.Core.Cfct;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Policies;
using GovCfct.Core.Rendering;
using GovCfct.Core.Resolution;

namespace GovCfct.Core.Packaging;

/// <summary>
/// The SCP/RCP section of a package build: each control attached at the highest OU where it applies uniformly, packed
/// per attachment point, identical documents shared by one resource; then the lockout, escalation and region opt-in
/// checks of every OU's effective policies.
/// </summary>
internal sealed class PolicyResourceBuilder
{
    private readonly PackageBuildContext _context;
    private readonly DiagnosticBag _diagnostics;
    private readonly GovernanceSettings _settings;
    private readonly OuResolver _tree;
    private readonly SortedDictionary<string, byte[]> _files;

    public PolicyResourceBuilder(PackageBuildContext context)
    {
        _context = context;
        _diagnostics = context.Diagnostics;
        _settings = context.Settings;
        _tree = context.Tree;
        _files = context.Files;
    }

    internal sealed class PolicyOutput
    {
        public List<ManifestResource> Resources { get; } = [];

        public List<PolicyReport> Reports { get; } = [];

        public Dictionary<string, ImmutableArray<string>> AttachedAt { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> JsonByName { get; } = new(StringComparer.Ordinal);

        public int InheritedCount(OuNode ou, OuResolver tree)
        {
            var count = 0;
            for (var parent = tree.Parent(ou); parent is { IsRoot: false }; parent = tree.Parent(parent))
            {
                count += AttachedAt.GetValueOrDefault(parent.Path, []).Length;
            }

            return count;
        }
    }

    public PolicyOutput BuildPolicies(ResolutionResult resolution, ControlKind kind, PolicyLimits limits)
    {
        var output = new PolicyOutput();

        // uniform[ou] = the (control, values) keys every account at or below the OU gets: only those may be attached there.
        var uniform = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var ou in resolution.Ous.Reverse())
        {
            var keys = new HashSet<string>(ou.Controls.Where(c => c.Control.Kind == kind).Select(Key), StringComparer.Ordinal);
            foreach (var child in ou.Ou.Children)
            {
                keys.IntersectWith(uniform[child.Path]);
            }

            uniform[ou.Ou.Path] = keys;
        }

        var attachments = new List<(OuResolution Ou, List<ControlInstance> Controls)>();
        foreach (var ou in resolution.Ous)
        {
            var parent = _tree.Parent(ou.Ou)!;
            var parentUniform = parent.IsRoot ? [] : uniform[parent.Path];
            var here = new List<ControlInstance>();
            foreach (var instance in ou.Controls.Where(c => c.Control.Kind == kind))
            {
                var key = Key(instance);
                if (!uniform[ou.Ou.Path].Contains(key))
                {
                    if (ou.Ou.HoldsNoAccounts)
                    {
                        // Answered in the definition (holds_accounts: false, checked against the lock and the snapshot).
                        continue;
                    }

                    var differing = ou.Ou.Children.Where(c => !uniform[c.Path].Contains(key)).Select(c => c.Name).ToList();
                    _diagnostics.Report(DiagnosticCodes.PolicyNotOnOuAccounts, $"'{instance.Control.Id}' is attached to the child OUs of '{ou.Ou.Path}' instead of the OU itself, because {string.Join(", ", differing)} {(differing.Count == 1 ? "opts out or uses" : "opt out or use")} other values; accounts directly in '{ou.Ou.Path}' do not get it", ou.Ou.Location, "keep accounts out of this OU, or give the children the same control and values");
                }
                else if (!parentUniform.Contains(key))
                {
                    here.Add(instance);
                }
            }

            if (here.Count > 0)
            {
                attachments.Add((ou, here));
            }
        }

        var method = kind == ControlKind.Scp ? DeployMethod.Scp : DeployMethod.Rcp;
        var kindName = kind == ControlKind.Scp ? "scp" : "rcp";
        var rendered = new Dictionary<string, string?>(StringComparer.Ordinal);
        var documents = new Dictionary<string, (string Name, List<string> Ous, ImmutableArray<string> ControlIds)>(StringComparer.Ordinal);
        var slugOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var sidControls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ou, controls) in attachments)
        {
            var fragments = new List<PolicyPackInput>();
            foreach (var instance in controls)
            {
                var key = Key(instance);
                if (!rendered.TryGetValue(key, out var json))
                {
                    json = _context.Render(instance.Control, _context.ContextFor(instance));
                    rendered[key] = json;
                }

                if (json is not null)
                {
                    fragments.Add(new PolicyPackInput(instance.Control.Id, json, instance.Control.Location));
                    foreach (var sid in StatementIds(json))
                    {
                        sidControls.TryAdd(sid, instance.Control.Id);
                    }
                }
            }

            var outcome = PolicyStage.Pack(fragments, limits.MaxSize, limits.Available, ou.Ou.Path, _diagnostics);
            var names = ImmutableArray.CreateBuilder<string>();
            for (var n = 0; n < outcome.Documents.Length; n++)
            {
                var document = outcome.Documents[n];
                if (!documents.TryGetValue(document.MinifiedJson, out var entry))
                {
                    // Named after the first OU it is attached at (tree order) and its position there: stable across unrelated edits.
                    entry = (ResourceNames.Fit($"{_settings.ResourcePrefix}-{kindName}-{SlugOf(ou.Ou.Path)}-{n + 1}"), [], document.ControlIds);
                    documents[document.MinifiedJson] = entry;
                }

                entry.Ous.Add(ou.Ou.Path);
                names.Add(entry.Name);
            }

            output.AttachedAt[ou.Ou.Path] = names.ToImmutable();
        }

        foreach (var (json, (name, ous, controlIds)) in documents)
        {
            var file = $"policies/{name}.json";
            _files[file] = PackageBuildContext.Utf8NoBom.GetBytes(json + "\n");
            output.JsonByName[name] = json;
            var ordered = _tree.InTreeOrder(ous);
            var description = $"{_settings.ResourcePrefix} {kindName.ToUpperInvariant()}: {string.Join(", ", controlIds)}";
            output.Resources.Add(new ManifestResource(
                name,
                description.Length <= 512 ? description : description[..512],
                file,
                method,
                [],
                null,
                [.. ordered.Select(p => OuResolver.CfctReference(_tree.Find(p)!))],
                [],
                [],
                [],
                controlIds));
            output.Reports.Add(new PolicyReport(name, method, json.Length, controlIds, ordered)
            {
                StatementControls = sidControls.Where(kv => controlIds.Contains(kv.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal),
            });
        }

        output.Reports.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return output;

        static string Key(ControlInstance instance) => instance.Control.Id + "\u001d" + instance.ValueKey;

        // Two OU paths with one slug ("A:B" and "A-B", or names differing only in case): the first in tree order keeps
        // it, the others add a hash of their own path, so every attachment point gets its own names.
        string SlugOf(string path)
        {
            var slug = ResourceNames.Slug(path);
            if (!slugOwners.TryGetValue(slug, out var owner))
            {
                slugOwners[slug] = owner = path;
            }

            return owner == path ? slug : slug + "-" + ResourceNames.Hash8([path]);
        }
    }

    /// <summary>The Sids of a control's rendered policy: the plan attributes each statement of a document to its control by them.</summary>
    private static IEnumerable<string> StatementIds(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("Statement", out var statements))
            {
                return [];
            }

            var list = statements.ValueKind == System.Text.Json.JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            return [.. list.Where(s => s.ValueKind == System.Text.Json.JsonValueKind.Object && s.TryGetProperty("Sid", out var sid) && sid.ValueKind == System.Text.Json.JsonValueKind.String)
                .Select(s => s.GetProperty("Sid").GetString()!)];
        }
        catch (System.Text.Json.JsonException)
        {
            // The packer reports documents that do not parse.
            return [];
        }
    }

    public void CheckEffectivePolicies(ResolutionResult resolution, PolicyOutput scps, PolicyOutput rcps)
    {
        // Many OUs share one effective set; check each distinct set once, reported at its first OU.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var principals = PolicyStage.ProtectedPrincipals(_settings);
        var attackers = PolicyStage.EscalationAttackers(_settings);
        var lockout = new LockoutChecker();
        var openRegionOptIn = new List<string>();
        var regionOptInOpen = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var ou in resolution.Ous)
        {
            var policies = new List<EffectivePolicy>();
            var inherited = false;
            for (var node = ou.Ou; node is { IsRoot: false }; node = _tree.Parent(node)!)
            {
                foreach (var name in scps.AttachedAt.GetValueOrDefault(node.Path, []))
                {
                    policies.Add(new EffectivePolicy(name, DeployMethod.Scp, scps.JsonByName[name], inherited));
                }

                foreach (var name in rcps.AttachedAt.GetValueOrDefault(node.Path, []))
                {
                    policies.Add(new EffectivePolicy(name, DeployMethod.Rcp, rcps.JsonByName[name], inherited));
                }

                inherited = true;
            }

            var key = string.Join('\n', policies.Select(p => p.Name).Order(StringComparer.Ordinal));

            // Reported once, at the highest OU: the OUs below inherit both the region deny and the missing deny. Many OUs
            // share one effective set, so each distinct set is evaluated once; only an open set is evaluated again, to
            // report at this OU.
            if (ou.Controls.Any(c => PolicyStage.IsRegionDeny(c.Control))
                && !openRegionOptIn.Any(upper => ou.Ou.Path.StartsWith(upper + ":", StringComparison.Ordinal)))
            {
                if (!regionOptInOpen.TryGetValue(key, out var open))
                {
                    regionOptInOpen[key] = open = PolicyStage.CheckRegionOptIn(attackers, ou.Ou.Path, ou.Ou.Location, policies, new DiagnosticBag());
                }

                if (open && PolicyStage.CheckRegionOptIn(attackers, ou.Ou.Path, ou.Ou.Location, policies, _diagnostics))
                {
                    openRegionOptIn.Add(ou.Ou.Path);
                }
            }

            if (policies.Count > 0 && seen.Add(key))
            {
                PolicyStage.CheckLockout(principals, ou.Ou.Path, policies, _diagnostics, lockout);
                PolicyStage.CheckEscalation(attackers, ou.Ou.Path, policies, _diagnostics);
            }
        }
    }
}
