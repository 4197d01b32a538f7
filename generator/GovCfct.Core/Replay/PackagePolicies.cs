using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GovCfct.Core.Cfct;
using GovCfct.Core.Diagnostics;
using GovCfct.Core.Organization;
using GovCfct.Core.Planning;
using GovCfct.Core.Policies;

namespace GovCfct.Core.Replay;

/// <summary>
/// A package's SCPs and RCPs where CfCT attaches them in one organization (targets resolved as CfCT does), and the
/// levels of each account's path: root, each OU down to the account's parent, the account.
/// </summary>
public sealed class PackagePolicies
{
    private static readonly IReadOnlyList<(string Name, PolicyDocument Doc)> None = [];

    private readonly OrgIndex _org;
    private readonly Dictionary<string, List<(string Name, PolicyDocument Doc)>> _scps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Name, PolicyDocument Doc)>> _rcps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<PolicyLevel>> _scpLevels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<PolicyLevel>> _rcpLevels = new(StringComparer.Ordinal);

    private PackagePolicies(OrgIndex org) => _org = org;

    /// <summary>The policy names of the package (SCPs and RCPs), as CfCT names them in Organizations.</summary>
    public ImmutableSortedSet<string> Names { get; private set; } = [];

    internal static PackagePolicies From(CfctPackage package, OrgIndex org, DiagnosticBag diagnostics)
    {
        var result = new PackagePolicies(org);
        var names = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var resource in package.Manifest.Resources.Where(r => r.DeployMethod != DeployMethod.StackSet))
        {
            names.Add(resource.Name);
            var key = Validation.PackageContext.Normalize(resource.ResourceFile);
            if (!package.Files.TryGetValue(key, out var bytes))
            {
                diagnostics.Report(DiagnosticCodes.PlanPackageFileMissing, $"'{resource.ResourceFile}' is named by the manifest but not in the package; its policy is not replayed", new SourceLocation(CfctPackage.ManifestFileName), "build the package again");
                continue;
            }

            var document = PolicyParser.Parse(Encoding.UTF8.GetString(bytes), key, diagnostics);
            if (document is null)
            {
                continue;
            }

            var targets = TargetResolver.Resolve(resource, package.Manifest.Region, org, null);
            var map = resource.DeployMethod == DeployMethod.Rcp ? result._rcps : result._scps;
            foreach (var target in targets.Ous.Select(t => t.TargetId).Distinct(StringComparer.Ordinal))
            {
                if (!map.TryGetValue(target, out var list))
                {
                    map[target] = list = [];
                }

                list.Add((resource.Name, document));
            }
        }

        result.Names = names.ToImmutable();
        return result;
    }

    /// <summary>The SCP levels of an account (null when the account is not in the snapshot).</summary>
    public ImmutableArray<PolicyLevel>? ScpLevels(string accountId) => Levels(accountId, _scps, _scpLevels);

    /// <summary>The RCP levels of an account (null when the account is not in the snapshot).</summary>
    public ImmutableArray<PolicyLevel>? RcpLevels(string accountId) => Levels(accountId, _rcps, _rcpLevels);

    /// <summary>Every attachment point with its policies, for the diff surface.</summary>
    internal IEnumerable<(string Target, bool Rcp, IReadOnlyList<(string Name, PolicyDocument Doc)> Policies)> Attachments =>
        _scps.Select(kv => (kv.Key, false, (IReadOnlyList<(string, PolicyDocument)>)kv.Value))
            .Concat(_rcps.Select(kv => (kv.Key, true, (IReadOnlyList<(string, PolicyDocument)>)kv.Value)));

    internal IReadOnlyList<(string Name, PolicyDocument Doc)> At(string target, bool rcp) =>
        (rcp ? _rcps : _scps).TryGetValue(target, out var list) ? list : None;

    private ImmutableArray<PolicyLevel>? Levels(string accountId, Dictionary<string, List<(string Name, PolicyDocument Doc)>> attached, Dictionary<string, ImmutableArray<PolicyLevel>> cache)
    {
        if (_org.Account(accountId) is not { } account)
        {
            return null;
        }

        if (!cache.TryGetValue(account.ParentId, out var parentLevels))
        {
            var chain = new List<string> { account.ParentId };
            chain.AddRange(_org.AncestorsOf(account.ParentId));
            chain.Reverse();
            parentLevels = [.. chain.Select(t => new PolicyLevel(_org.PathOf(t), attached.TryGetValue(t, out var list) ? list : None))];
            cache[account.ParentId] = parentLevels;
        }

        return parentLevels.Add(new PolicyLevel("account " + accountId, None));
    }
}

/// <summary>
/// The actions whose verdict can change: every statement that is at an attachment point in one package and not in the
/// other (compared as canonical text), SCPs and RCPs. A call none of these statements names keeps its verdict, so the
/// replay skips it without a full parse.
/// </summary>
public sealed class DiffSurface
{
    private readonly List<PolicyStatement> _statements;

    private DiffSurface(List<PolicyStatement> statements, ImmutableArray<string> patterns)
    {
        _statements = statements;
        Patterns = patterns;
    }

    /// <summary>The changed statements' Action patterns (<c>NotAction</c> ones as "all but …"), sorted.</summary>
    public ImmutableArray<string> Patterns { get; }

    public bool IsEmpty => _statements.Count == 0;

    public int StatementCount => _statements.Count;

    internal IReadOnlyList<PolicyStatement> Statements => _statements;

    /// <summary>Whether any changed statement names <paramref name="action"/>.</summary>
    public bool Contains(string action)
    {
        foreach (var statement in _statements)
        {
            if (ReplayEvaluator.ActionMatches(statement, action))
            {
                return true;
            }
        }

        return false;
    }

    internal static DiffSurface Compute(PackagePolicies previous, PackagePolicies current)
    {
        var changed = new Dictionary<string, PolicyStatement>(StringComparer.Ordinal);
        var targets = previous.Attachments.Select(a => (a.Target, a.Rcp)).Concat(current.Attachments.Select(a => (a.Target, a.Rcp))).Distinct();
        foreach (var (target, rcp) in targets)
        {
            var before = Canonical(previous.At(target, rcp));
            var after = Canonical(current.At(target, rcp));
            foreach (var (text, statement) in before.Concat(after))
            {
                var inBefore = before.Count(b => b.Text == text);
                var inAfter = after.Count(a => a.Text == text);
                if (inBefore != inAfter)
                {
                    changed.TryAdd(text, statement);
                }
            }
        }

        var ordered = changed.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        var patterns = ordered.SelectMany(s => s.IsNotAction
                ? [$"all but {string.Join(", ", s.Actions.Order(StringComparer.OrdinalIgnoreCase))}"]
                : s.Actions.AsEnumerable())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToImmutableArray();
        return new DiffSurface(ordered, patterns);
    }

    /// <summary>A statement as comparable text: effect, actions, resources and conditions, each sorted; Sid ignored.</summary>
    internal static string CanonicalText(PolicyStatement s)
    {
        var text = new StringBuilder();
        text.Append(s.Effect).Append('|').Append(s.IsNotAction ? "NotAction" : "Action").Append('=')
            .AppendJoin(',', s.Actions.Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal))
            .Append('|').Append(s.IsNotResource ? "NotResource" : "Resource").Append('=')
            .AppendJoin(',', (s.Resources.IsDefault ? [] : s.Resources).Order(StringComparer.Ordinal));
        foreach (var c in s.Conditions.OrderBy(c => c.Operator, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Key, StringComparer.OrdinalIgnoreCase))
        {
            text.Append('|').Append(c.Operator.ToLowerInvariant()).Append(':').Append(c.Key.ToLowerInvariant()).Append('=')
                .AppendJoin(',', c.Values.Order(StringComparer.Ordinal));
        }

        text.Append("|P=").Append(s.PrincipalJson).Append(s.IsNotPrincipal ? "!" : string.Empty);
        return text.ToString();
    }

    private static List<(string Text, PolicyStatement Statement)> Canonical(IReadOnlyList<(string Name, PolicyDocument Doc)> policies) =>
        [.. policies.SelectMany(p => p.Doc.Statements).Select(s => (CanonicalText(s), s))];

    /// <summary>For messages: how many statements changed.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_statements.Count} changed statement(s)");
}
