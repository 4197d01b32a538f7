using System.Collections.Immutable;
using Amazon.CDK;
using Constructs;
using GovCfct.Core.Catalog;
using GovCfct.Core.Definition;
using GovCfct.Core.Rendering;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// What a CDK control is built from: its catalog entry and the render context of the build, whose parameter values
/// hold the list parameters only. Scalars reach the template as CloudFormation parameters (values flow through the
/// manifest, per OU); lists are rendered into the template because CfCT parameter values may not contain commas.
/// </summary>
public sealed record CdkControlInput(ControlDefinition Control, RenderContext Context);

/// <summary>
/// Base class of every control authored in C# CDK. A subclass is found by its class name (the catalog's
/// <c>cdk_construct</c>) and must have a constructor <c>(Construct scope, string id, CdkControlInput input)</c>.
/// The stack is environment-agnostic, asset-free and carries no bootstrap rule (see CdkSynthesizer).
/// </summary>
public abstract class CdkControlStack : Stack
{
    private readonly Dictionary<string, CfnParameter> _parameters = new(StringComparer.Ordinal);

    protected CdkControlStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, new StackProps
        {
            // No bootstrap stack exists in CfCT's target accounts: no roles, no assets, no version rule.
            Synthesizer = new BootstraplessSynthesizer(new BootstraplessSynthesizerProps()),
            AnalyticsReporting = false,
            Description = $"{input.Control.Id}: {input.Control.Title.En}",
        })
    {
        Input = input;
    }

    /// <summary>The catalog entry and render context this stack is built from.</summary>
    public CdkControlInput Input { get; }

    /// <summary>The organization's home region, where Control Tower events and the trail's log group live.</summary>
    protected string HomeRegion => Input.Context.Organization.HomeRegion;

    /// <summary>The governed regions of the organization, in definition order.</summary>
    protected ImmutableArray<string> GovernedRegions => Input.Context.Organization.GovernedRegions;

    /// <summary>The organization's resource prefix (names of everything the package creates start with it).</summary>
    protected string ResourcePrefix => Input.Context.Organization.ResourcePrefix;

    /// <summary>
    /// The explicit name of a resource an alert depends on: <c>&lt;prefix&gt;-&lt;control-id&gt;-&lt;what&gt;</c>, the rule
    /// protect-alert-resources keys on, shortened with a hash when over <paramref name="maxLength"/> (EventBridge rules and
    /// schedules allow 64 characters).
    /// </summary>
    /// <summary>
    /// One boundary of an announced operations window: an EventBridge Scheduler one-time schedule (<c>at(...)</c> in
    /// <paramref name="timezone"/>) that calls <paramref name="action"/> (an <c>aws-sdk:eventbridge:*Rule</c> target) with
    /// <paramref name="input"/> as <paramref name="role"/>, created only under <paramref name="condition"/>.
    /// </summary>
    protected void AnnouncedWindowSchedule(string id, string description, string at, string timezone, string action, string input, Amazon.CDK.AWS.IAM.IRole role, CfnCondition condition)
    {
        var schedule = new Amazon.CDK.AWS.Scheduler.CfnSchedule(this, id, new Amazon.CDK.AWS.Scheduler.CfnScheduleProps
        {
            Name = ResourceName(id),
            Description = description,
            ScheduleExpression = Fn.Join(string.Empty, ["at(", at, ")"]),
            ScheduleExpressionTimezone = timezone,
            FlexibleTimeWindow = new Amazon.CDK.AWS.Scheduler.CfnSchedule.FlexibleTimeWindowProperty { Mode = "OFF" },
            Target = new Amazon.CDK.AWS.Scheduler.CfnSchedule.TargetProperty
            {
                Arn = Fn.Sub("arn:${AWS::Partition}:scheduler:::" + action),
                RoleArn = role.RoleArn,
                Input = input,
                RetryPolicy = new Amazon.CDK.AWS.Scheduler.CfnSchedule.RetryPolicyProperty { MaximumRetryAttempts = 10, MaximumEventAgeInSeconds = 3600 },
            },
        });
        schedule.CfnOptions.Condition = condition;
    }

    protected string ResourceName(string what, int maxLength = 64) => AlertNames.NameFor($"{ResourcePrefix}-{Input.Control.Id}", what, maxLength);

    /// <summary><c>&lt;prefix&gt;-&lt;control-id&gt;</c>: the start of the name of every rule, alarm and role an alert control creates.</summary>
    protected string NamePrefix => $"{ResourcePrefix}-{Input.Control.Id}";

    /// <summary>
    /// The forwarder to the central alert bus in the audit account (catalog parameter <c>AlertAccountId</c>), created once per
    /// stack: the only way an alert control reaches the one alert topic.
    /// </summary>
    protected CentralAlertForwarder Forwarder()
    {
        if (Node.TryFindChild("CentralAlerts") is CentralAlertForwarder existing)
        {
            return existing;
        }

        return new CentralAlertForwarder(this, "CentralAlerts", ResourcePrefix, NamePrefix, HomeRegion, Parameter("AlertAccountId").ValueAsString);
    }

    /// <summary>A metric filter on <paramref name="logGroup"/> and its alarm, whose ALARM state changes are forwarded (see <see cref="AlertNames.AddMetricAlarm"/>).</summary>
    protected Amazon.CDK.AWS.CloudWatch.CfnAlarm AddMetricAlarm(string id, Amazon.CDK.AWS.Logs.ILogGroup logGroup, string filterPattern, string description, int threshold, bool byEventName = false)
    {
        var home = HomeRegionCondition();
        if (Node.TryFindChild("ForwardAlarms") is null)
        {
            Forwarder().ForwardAlarms(this, "ForwardAlarms", home);
        }

        return AlertNames.AddMetricAlarm(this, NamePrefix, id, logGroup, filterPattern, description, threshold, home, byEventName);
    }

    /// <summary>The tag key and value that mark KMS keys and Config rules, whose ARNs carry no name, as protected.</summary>
    protected void Protect(IConstruct construct) => Amazon.CDK.Tags.Of(construct).Add($"{ResourcePrefix}-protected", "true");

    /// <summary>
    /// The CloudFormation parameter for a scalar catalog parameter, created once, named exactly like the catalog
    /// parameter so the manifest's values land on it.
    /// </summary>
    protected CfnParameter Parameter(string name)
    {
        if (_parameters.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var declared = Declared(name);
        if (declared.Type == ParameterType.List)
        {
            throw new CdkControlException(Core.Diagnostics.DiagnosticCodes.CdkUnknownParameter, $"parameter '{name}' is a list; lists are rendered into the template, use ListValue(\"{name}\")", "read list parameters with ListValue; only scalars become CloudFormation parameters");
        }

        var props = new CfnParameterProps
        {
            Type = declared.Type == ParameterType.Number ? "Number" : "String",
            Description = declared.Description.En,
        };
        if (declared.Default is { } value)
        {
            props.Default = value.Scalar;
        }

        if (declared.Type == ParameterType.Boolean)
        {
            props.AllowedValues = ["true", "false"];
        }
        else if (declared.AllowedValues.Length > 0)
        {
            props.AllowedValues = [.. declared.AllowedValues];
        }

        if (declared.Pattern is { Length: > 0 } pattern)
        {
            props.AllowedPattern = pattern;
        }

        var parameter = new CfnParameter(this, name, props);
        _parameters[name] = parameter;
        return parameter;
    }

    /// <summary>The resolved items of a list parameter (assignment → OU → organization → catalog default).</summary>
    protected IReadOnlyList<string> ListValue(string name)
    {
        var declared = Declared(name);
        if (Input.Context.Parameters.TryGetValue(name, out var value) && value.Kind == ParameterValueKind.List)
        {
            return value.Items;
        }

        return declared.Default?.Items ?? [];
    }

    /// <summary>A condition true only in the organization's home region (metric filters, Control Tower events).</summary>
    protected CfnCondition HomeRegionCondition()
    {
        if (Node.TryFindChild("IsHomeRegion") is CfnCondition existing)
        {
            return existing;
        }

        return new CfnCondition(this, "IsHomeRegion", new CfnConditionProps
        {
            Expression = Fn.ConditionEquals(Aws.REGION, HomeRegion),
        });
    }

    /// <summary>Applies a condition to the CloudFormation resource behind a construct.</summary>
    protected static void OnlyIf(IConstruct construct, CfnCondition condition)
    {
        if (construct is CfnResource resource)
        {
            resource.CfnOptions.Condition = condition;
            return;
        }

        if (construct.Node.DefaultChild is CfnResource child)
        {
            child.CfnOptions.Condition = condition;
            return;
        }

        throw new InvalidOperationException($"{construct.Node.Path} has no CloudFormation resource to condition");
    }

    private ControlParameter Declared(string name) =>
        Input.Control.Parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new CdkControlException(Core.Diagnostics.DiagnosticCodes.CdkUnknownParameter, $"construct {GetType().Name} uses parameter '{name}', which templates/{Input.Control.Id}/control.yaml does not declare", $"declare '{name}' under parameters: in control.yaml, or fix the name in the construct");
}

/// <summary>A construct-authoring mistake, turned into a diagnostic by the synthesizer (never a stack trace).</summary>
public sealed class CdkControlException(Core.Diagnostics.DiagnosticDescriptor code, string message, string hint) : Exception(message)
{
    public Core.Diagnostics.DiagnosticDescriptor Code { get; } = code;

    public string Hint { get; } = hint;
}
