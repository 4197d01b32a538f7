using System.Collections.Immutable;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Definition;

/// <summary>
/// The governance definition as loaded from <c>manifest/</c>: organization settings, org-level parameters
/// and the OU tree with control assignments. Immutable; produced by the DefinitionLoader. <see cref="Organization"/>
/// holds organization.yaml's settings; <see cref="GovernanceSettings.From"/> adds the organization-level platform
/// parameters (break-glass role, exempt principals, admin permission set) to give the settings every command uses.
/// </summary>
public sealed record GovernanceDefinition(
    GovernanceSettings Organization,
    ImmutableSortedDictionary<string, ParameterValue> Parameters,
    OuNode Root,
    string SourceDirectory)
{
    /// <summary>
    /// Accounts that receive stack-set controls directly (the management account first, then named accounts such as
    /// Audit): CfCT can reach the management account only through <c>deployment_targets.accounts</c>.
    /// </summary>
    public ImmutableArray<TargetAccount> TargetAccounts { get; init; } = [];

    /// <summary>The landing zone's accounts and log group (organization.yaml <c>landing_zone</c>); null when not declared.</summary>
    public LandingZone? LandingZone { get; init; }

    /// <summary>The org lock beside organization.yaml; null when the definition has none.</summary>
    public OrgLock? Lock { get; init; }

    /// <summary>The AWS quotas and time assumptions <c>validate --org</c> and <c>plan</c> check the organization against (organization.yaml <c>limits:</c>).</summary>
    public OrganizationLimits Limits { get; init; } = OrganizationLimits.Default;

    /// <summary>
    /// The organization parameters the build derived from the landing zone and the lock (<see cref="LandingZoneParameters"/>)
    /// rather than read: offered to every control that declares them, never reported as unused.
    /// </summary>
    public ImmutableHashSet<string> DerivedParameterNames { get; init; } = [];

    /// <summary>The management account named in organization.yaml, if any.</summary>
    public TargetAccount? ManagementAccount => TargetAccounts.FirstOrDefault(a => a.IsManagement);

    /// <summary>All OUs below the root in depth-first definition order (root excluded).</summary>
    public IEnumerable<OuNode> AllOus()
    {
        var stack = new Stack<OuNode>();
        for (var i = Root.Children.Length - 1; i >= 0; i--)
        {
            stack.Push(Root.Children[i]);
        }

        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node.Children.Length - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }
    }
}

/// <summary>
/// Per-target policy quota: <paramref name="MaxAttached"/> policies per OU, of which <paramref name="Reserved"/>
/// are taken by FullAWSAccess and Control Tower; <paramref name="MaxSize"/> characters per document as CfCT submits it.
/// </summary>
public sealed record PolicyLimits(int MaxAttached, int Reserved, int MaxSize)
{
    public static PolicyLimits DefaultScp { get; } = new(5, 2, 5120);

    public static PolicyLimits DefaultRcp { get; } = new(5, 1, 5120);

    public int Available => Math.Max(0, MaxAttached - Reserved);
}

/// <summary>
/// Principals generated policies must never lock out (Control Tower, CfCT's deployment role); the break-glass role is
/// the BreakGlassRoleName parameter (see <see cref="GovernanceSettings"/>). ARN patterns as used in <c>aws:PrincipalArn</c>
/// conditions. The default names exactly the roles Control Tower and CfCT act as in member accounts
/// (docs/facts/landing-zone.md §2.4), never a family such as <c>aws-controltower-*</c>: every exempted pattern is one more name
/// the anti-forgery statement (protect-exempt-principals) must keep others from creating.
/// </summary>
public sealed record PlatformPrincipals(ImmutableArray<string> ProtectedRoleArns)
{
    public static PlatformPrincipals Default { get; } = new(
    [
        "arn:*:iam::*:role/AWSControlTowerExecution",
        "arn:*:iam::*:role/stacksets-exec-*",
        "arn:*:iam::*:role/aws-controltower-ConfigRecorderRole",
        "arn:*:iam::*:role/aws-controltower-ForwardSnsNotificationRole",
        "arn:*:iam::*:role/AWSControlTower_VPCFlowLogsRole",
    ]);
}

/// <summary>One OU of the definition. <see cref="Path"/> is CfCT's form: <c>A:B:C</c>, without Root.</summary>
public sealed record OuNode(
    string Name,
    string Path,
    ImmutableArray<ControlAssignment> Controls,
    ImmutableArray<ControlExemption> Exemptions,
    ImmutableSortedDictionary<string, ParameterValue> Parameters,
    ImmutableArray<AccountRef> Accounts,
    ImmutableArray<OuNode> Children,
    SourceLocation Location)
{
    public const string RootName = "Root";

    public bool IsRoot => Path.Length == 0;

    /// <summary>Depth below Root: a top-level OU has depth 1; Organizations allows 5.</summary>
    public int Depth => IsRoot ? 0 : Path.Count(c => c == ':') + 1;

    /// <summary>
    /// <c>holds_accounts: false</c>: the definition states that no account lives directly in this OU (only in its
    /// children), so an SCP/RCP attached to its children instead of to it loses nothing (GCF1407 is answered). Checked
    /// against the org lock (build) and the organization snapshot (validate --org, plan): GCF1061.
    /// </summary>
    public bool HoldsNoAccounts { get; init; }

    /// <summary>Where <c>holds_accounts: false</c> is written, for GCF1061.</summary>
    public SourceLocation? HoldsAccountsLocation { get; init; }

    /// <summary>
    /// <c>left_to_control_tower: reason</c>: the accounts of this OU and its subtree are governed by Control Tower alone
    /// (the Security OU's Audit and Log Archive accounts), so plan does not count them as receiving no control (GCF3134).
    /// </summary>
    public string? LeftToControlTower { get; init; }
}

/// <summary>A control assigned at an OU (inherited by every descendant OU) with assignment-level parameter values.</summary>
public sealed record ControlAssignment(
    string ControlId,
    ImmutableSortedDictionary<string, ParameterValue> Parameters,
    SourceLocation Location);

/// <summary>An OU opting out of an inherited control; the reason is mandatory and kept in the build report.</summary>
public sealed record ControlExemption(string ControlId, string Reason, SourceLocation Location);

/// <summary>An account known to live directly in an OU (optional; the org snapshot is the source of truth).</summary>
public sealed record AccountRef(string Id, string Name, string? Email, SourceLocation Location);

/// <summary>
/// An account named in organization.yaml (<c>management_account</c> or <c>accounts</c>) with the stack-set controls it
/// receives directly; account assignments are not inherited by anything.
/// </summary>
public sealed record TargetAccount(
    string Id,
    string Name,
    bool IsManagement,
    ImmutableArray<ControlAssignment> Controls,
    SourceLocation Location)
{
    /// <summary>How diagnostics and the report name the account.</summary>
    public string Display => IsManagement ? $"management account '{Name}' ({Id})" : $"account '{Name}' ({Id})";
}

/// <summary>The kinds of value a parameter may hold.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members name the YAML value kinds a parameter takes, as the docs call them.")]
public enum ParameterValueKind
{
    String,
    Number,
    Boolean,
    List,
}

/// <summary>
/// A parameter value as written in YAML. Scalars keep their source text (so <c>0</c> stays <c>"0"</c>);
/// lists keep their items in order.
/// </summary>
public sealed record ParameterValue(ParameterValueKind Kind, string Scalar, ImmutableArray<string> Items, SourceLocation? Location = null)
{
    public static ParameterValue Of(string value, SourceLocation? location = null) =>
        new(ParameterValueKind.String, value, [], location);

    public static ParameterValue OfList(IEnumerable<string> items, SourceLocation? location = null) =>
        new(ParameterValueKind.List, string.Empty, [.. items], location);

    /// <summary>Text used for grouping and comparison (list items joined by newlines, never commas).</summary>
    public string Canonical => Kind == ParameterValueKind.List ? string.Join('\n', Items) : Scalar;

    public bool Equals(ParameterValue? other) =>
        other is not null && Kind == other.Kind && Canonical == other.Canonical;

    public override int GetHashCode() => HashCode.Combine(Kind, Canonical);
}
