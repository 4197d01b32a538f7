using System.Collections.Immutable;
using GovCfct.Core.Cfct;
using GovCfct.Core.Organization;

namespace GovCfct.Core.Planning;

/// <summary>
/// Dictionaries over a snapshot so every lookup the planner makes is O(1): 5,000 accounts and 2,000 OUs must
/// plan in about a second, so nothing scans the account list per OU or per resource.
/// </summary>
internal sealed class OrgIndex
{
    public const string RootPath = "Root";

    private static readonly ImmutableArray<OrgAccount> NoAccounts = [];

    private readonly Dictionary<string, OrgUnit> _ousById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrgUnit> _ousByPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrgUnit> _topLevelByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<OrgAccount>> _accountsByParent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrgAccount> _accountsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrgAccount> _activeByLowerName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Name), OrgPolicy> _policies = [];

    public OrgIndex(OrgSnapshot snapshot)
    {
        Snapshot = snapshot;
        foreach (var ou in snapshot.OrganizationalUnits)
        {
            _ousById[ou.Id] = ou;
            _ousByPath[ou.Path] = ou;
            if (ou.ParentId == snapshot.RootId)
            {
                _topLevelByName[ou.Name] = ou;
            }
        }

        var byParent = new Dictionary<string, ImmutableArray<OrgAccount>.Builder>(StringComparer.Ordinal);
        foreach (var account in snapshot.Accounts.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            _accountsById[account.Id] = account;
            if (IsActive(account))
            {
                // CfCT compares lower-cased names; the first of two equal names wins, as in its loop.
                _activeByLowerName.TryAdd(account.Name.ToLowerInvariant(), account);
            }

            if (!byParent.TryGetValue(account.ParentId, out var list))
            {
                byParent[account.ParentId] = list = ImmutableArray.CreateBuilder<OrgAccount>();
            }

            list.Add(account);
        }

        foreach (var (parent, list) in byParent)
        {
            _accountsByParent[parent] = list.ToImmutable();
        }

        foreach (var policy in snapshot.Policies)
        {
            _policies.TryAdd((policy.Type, policy.Name), policy);
        }

        EnrolledAccounts = [.. snapshot.Accounts.Where(a => IsActive(a) && a.Id != snapshot.ManagementAccountId).OrderBy(a => a.Id, StringComparer.Ordinal)];
    }

    public OrgSnapshot Snapshot { get; }

    public string RootId => Snapshot.RootId;

    /// <summary>What CfCT's <c>Root</c> reaches: ACTIVE accounts except the management account (enrollment is not in the snapshot).</summary>
    public ImmutableArray<OrgAccount> EnrolledAccounts { get; }

    public static bool IsActive(OrgAccount account) => account.Status == "ACTIVE";

    /// <summary>Organizations' policy type for CfCT's deploy method.</summary>
    public static string PolicyType(GovCfct.Core.Cfct.DeployMethod method) =>
        method == GovCfct.Core.Cfct.DeployMethod.Rcp ? "RESOURCE_CONTROL_POLICY" : "SERVICE_CONTROL_POLICY";

    public OrgUnit? OuById(string id) => _ousById.GetValueOrDefault(id);

    public OrgUnit? OuByPath(string path) => _ousByPath.GetValueOrDefault(path);

    public OrgUnit? TopLevel(string name) => _topLevelByName.GetValueOrDefault(name);

    public OrgAccount? Account(string id) => _accountsById.GetValueOrDefault(id);

    public OrgAccount? ActiveAccountByName(string name) => _activeByLowerName.GetValueOrDefault(name.ToLowerInvariant());

    public OrgPolicy? Policy(string type, string name) => _policies.GetValueOrDefault((type, name));

    /// <summary>Accounts whose parent is <paramref name="parentId"/> (every status), ordered by id.</summary>
    public ImmutableArray<OrgAccount> AccountsIn(string parentId) => _accountsByParent.GetValueOrDefault(parentId, NoAccounts);

    /// <summary>The CfCT spelling of a parent: <c>Root</c> or the OU path.</summary>
    public string PathOf(string parentId) =>
        parentId == RootId ? RootPath : _ousById.TryGetValue(parentId, out var ou) ? ou.Path : parentId;

    /// <summary>The parent chain of a target, nearest first, ending with the root.</summary>
    public IEnumerable<string> AncestorsOf(string targetId)
    {
        var current = targetId;
        while (current != RootId && _ousById.TryGetValue(current, out var ou))
        {
            current = ou.ParentId;
            yield return current;
        }
    }

    /// <summary>Depth below Root (0 = Root).</summary>
    public int DepthOf(string targetId) => targetId == RootId ? 0 : AncestorsOf(targetId).Count();
}
