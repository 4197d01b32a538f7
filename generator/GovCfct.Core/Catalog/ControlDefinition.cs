using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Catalog;

/// <summary>
/// How a control is deployed: an SCP, an RCP or a stack set through CfCT, or a Control Tower control enabled with
/// <c>AWS::ControlTower::EnabledControl</c> from the management account (docs/facts/landing-zone.md §1.1).
/// </summary>
public enum ControlKind
{
    Scp,
    Rcp,
    StackSet,
    CtControl,
}

/// <summary>What a Control Tower control does: preventive ones are inherited by nested OUs, detective ones are not (docs/facts/landing-zone.md §1.5).</summary>
public enum CtBehavior
{
    Preventive,
    Detective,
}

/// <summary>
/// The Control Catalog side of a <c>ct_control</c> entry: its global identifier (<c>arn:aws:controlcatalog:::control/&lt;id&gt;</c>),
/// its legacy name (for people and Control Tower's console), its behaviour, and the parameter that receives the
/// organization's protected principals (so Control Tower's own deny never locks out CfCT or break-glass).
/// </summary>
public sealed record CtControlSpec(string Identifier, string LegacyName, CtBehavior Behavior, string? PlatformExemptionsParameter)
{
    /// <summary>The global (region-independent) identifier ARN Control Tower accepts (docs/facts/landing-zone.md §1.2).</summary>
    public string IdentifierArn => $"arn:aws:controlcatalog:::control/{Identifier}";

    /// <summary>
    /// For a detective control: the AWS Config managed rule it is (<c>control_tower.config_rule</c>), which the
    /// <c>organization</c> detective mechanism deploys in an organization conformance pack; null when the catalog entry
    /// does not say.
    /// </summary>
    public ConfigRuleSpec? ConfigRule { get; init; }
}

/// <summary>
/// An AWS Config managed rule as a detective Control Tower control runs it: the managed rule's
/// <see cref="SourceIdentifier"/>, the input parameters Control Tower passes, the period of a periodic rule, the
/// regions where AWS Config does not offer the rule (from the rule's page in the AWS Config Developer Guide,
/// <see cref="Documentation"/>) and that page.
/// </summary>
public sealed record ConfigRuleSpec(
    string SourceIdentifier,
    ImmutableSortedDictionary<string, string> InputParameters,
    string? MaximumExecutionFrequency,
    ImmutableArray<string> UnsupportedRegions,
    string Documentation)
{
    /// <summary>AWS Config's periods (<c>MaximumExecutionFrequency</c>).</summary>
    public static readonly ImmutableArray<string> Frequencies = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"];

    /// <summary>True when AWS Config offers the rule in <paramref name="region"/>.</summary>
    public bool AvailableIn(string region) => !UnsupportedRegions.Contains(region, StringComparer.Ordinal);
}

/// <summary>Where a control's template comes from.</summary>
public enum ControlSource
{
    /// <summary>A Scriban template in the control's folder.</summary>
    Scriban,

    /// <summary>A C# CDK construct (GovCfct.Cdk), synthesized to a plain template at build time.</summary>
    Cdk,

    /// <summary>No template: a Control Tower control, rendered by the build into the management account's stack.</summary>
    ControlTower,
}

public sealed record LocalizedText(string Ja, string En);

/// <summary>Parameter types the catalog understands; stack-set scalars become CloudFormation parameters.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members are the catalog's 'type:' values as written in control.yaml.")]
public enum ParameterType
{
    String,
    Number,
    Boolean,
    List,
    Email,
    Arn,
}

/// <summary>
/// A control parameter. <see cref="Default"/> null means required. For stack sets, non-list parameters are
/// passed as CloudFormation parameters through the manifest; list parameters and all SCP/RCP parameters are
/// rendered into the document.
/// </summary>
public sealed record ControlParameter(
    string Name,
    ParameterType Type,
    ParameterValue? Default,
    LocalizedText Description,
    string? Pattern,
    ImmutableArray<string> AllowedValues)
{
    public bool Required => Default is null;
}

/// <summary>
/// One control of the catalog (<c>templates/&lt;id&gt;/control.yaml</c> + its template).
/// <see cref="Regions"/> empty means "the organization's governed regions"; <c>home</c> and explicit names are allowed.
/// </summary>
public sealed record ControlDefinition(
    string Id,
    ControlKind Kind,
    ControlSource Source,
    LocalizedText Title,
    LocalizedText Description,
    string Seed,
    ImmutableArray<ControlParameter> Parameters,
    ImmutableArray<string> Regions,
    string TemplateFile,
    string TemplateText,
    string? CdkConstruct,
    SourceLocation Location)
{
    /// <summary>Set exactly when <see cref="Kind"/> is <see cref="ControlKind.CtControl"/>.</summary>
    public CtControlSpec? ControlTower { get; init; }

    /// <summary>
    /// A stack set that may be assigned to the management account only, never to an OU or another account
    /// (<c>management_account_only: true</c>): what it creates already exists in member accounts or belongs to a
    /// delegated administrator there (GCF2901), so CfCT would fail on every member instance. The resolver refuses any
    /// other assignment of it (GCF1060).
    /// </summary>
    public bool ManagementAccountOnly { get; init; }
}

/// <summary>The loaded catalog, ordered by id.</summary>
public sealed record ControlCatalog(ImmutableArray<ControlDefinition> Controls)
{
    private readonly ImmutableDictionary<string, ControlDefinition> _byId =
        Controls.ToImmutableDictionary(c => c.Id, StringComparer.Ordinal);

    public ControlDefinition? Find(string id) => _byId.GetValueOrDefault(id);
}
