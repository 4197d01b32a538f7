using System.Collections.Immutable;
using GovCfct.Core.Definition;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Policies;

/// <summary>
/// An action a protected principal must keep being able to do, with a sample resource ARN (placeholders
/// <c>{account}</c>, <c>{region}</c>, <c>{prefix}</c>) so that resource-scoped Deny statements are judged too.
/// Global actions (IAM, Organizations, STS) are checked in us-east-1 only, where AWS records them.
/// </summary>
public sealed record ProtectedAction(string Action, string ResourceTemplate, bool Global = false);

/// <summary>
/// A principal the generated policies must never lock out (Control Tower, CfCT's deployment role, break-glass):
/// a concrete sample ARN standing for its pattern, the regions and the actions it needs.
/// </summary>
public sealed record ProtectedPrincipal(string Pattern, string SampleArn, ImmutableArray<string> Regions, ImmutableArray<ProtectedAction> Actions)
{
    /// <summary>The sample member account; any 12 digits would do since patterns use * for the account.</summary>
    public const string SampleAccount = "111122223333";

    /// <summary>The region AWS records global-service calls in, and where CfCT and Control Tower keep global resources.</summary>
    public const string GlobalRegion = "us-east-1";

    /// <summary>
    /// What the platform principals do in every account: CfCT deploys stack sets through AWSControlTowerExecution
    /// (CloudFormation, then whatever the templates create: IAM roles, Config, CloudTrail, GuardDuty, Security Hub,
    /// SNS, EventBridge, Logs, Lambda, KMS, S3 log buckets), Control Tower's roles maintain the baseline, and
    /// break-glass must be able to repair all of it. Add an action here when a catalog template starts creating a
    /// new kind of resource.
    /// </summary>
    public static ImmutableArray<ProtectedAction> PlatformActions { get; } =
    [
        .. Regional("arn:aws:cloudformation:{region}:{account}:stack/StackSet-CustomControlTower-{prefix}-baseline-0a1b2c3d/00000000-0000-0000-0000-000000000000",
            "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack", "cloudformation:DescribeStacks",
            "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"),
        .. Regional("arn:aws:cloudformation:{region}:{account}:stackset/CustomControlTower-{prefix}-baseline:00000000-0000-0000-0000-000000000000",
            "cloudformation:CreateStackSet", "cloudformation:UpdateStackSet", "cloudformation:CreateStackInstances", "cloudformation:DeleteStackInstances"),
        .. Global("arn:aws:iam::{account}:role/{prefix}-platform-role",
            "iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:DeleteRolePolicy",
            "iam:DeleteRole", "iam:PassRole", "iam:TagRole", "iam:UpdateAssumeRolePolicy"),
        .. Global("arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", "iam:CreateServiceLinkedRole"),
        .. Global("arn:aws:iam::{account}:role/AWSControlTowerExecution", "sts:AssumeRole"),
        .. Global("*", "organizations:DescribeOrganization", "organizations:DescribeAccount", "organizations:ListAccounts"),
        .. Regional("*", "config:PutConfigurationRecorder", "config:StartConfigurationRecorder", "config:PutDeliveryChannel", "config:DescribeConfigurationRecorders"),
        .. Regional("arn:aws:config:{region}:{account}:config-rule/config-rule-0a1b2c", "config:PutConfigRule", "config:DeleteConfigRule"),
        .. Regional("arn:aws:cloudtrail:{region}:{account}:trail/aws-controltower-BaselineCloudTrail",
            "cloudtrail:CreateTrail", "cloudtrail:UpdateTrail", "cloudtrail:StartLogging", "cloudtrail:PutEventSelectors"),
        .. Regional("arn:aws:guardduty:{region}:{account}:detector/0a1b2c3d4e5f",
            "guardduty:CreateDetector", "guardduty:UpdateDetector", "guardduty:DeleteDetector"),
        .. Regional("arn:aws:securityhub:{region}:{account}:hub/default",
            "securityhub:EnableSecurityHub", "securityhub:BatchEnableStandards", "securityhub:UpdateStandardsControl", "securityhub:DisableSecurityHub"),
        .. Regional("arn:aws:access-analyzer:{region}:{account}:analyzer/{prefix}-analyzer", "access-analyzer:CreateAnalyzer"),
        .. Regional("arn:aws:s3:::aws-controltower-logs-{account}-{region}",
            "s3:CreateBucket", "s3:PutEncryptionConfiguration", "s3:PutBucketLogging", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration"),
        .. Regional("arn:aws:sns:{region}:{account}:{prefix}-security-alerts",
            "sns:CreateTopic", "sns:Subscribe", "sns:SetTopicAttributes", "sns:DeleteTopic", "sns:Publish"),
        .. Regional("arn:aws:sns:{region}:{account}:aws-controltower-SecurityNotifications", "sns:SetTopicAttributes", "sns:Subscribe"),
        .. Regional("arn:aws:events:{region}:{account}:rule/{prefix}-security-alerts",
            "events:PutRule", "events:PutTargets", "events:RemoveTargets", "events:DeleteRule"),
        .. Regional("arn:aws:logs:{region}:{account}:log-group:aws-controltower/CloudTrailLogs:*",
            "logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:PutMetricFilter", "logs:DeleteLogGroup"),
        .. Regional("arn:aws:cloudwatch:{region}:{account}:alarm:{prefix}-root-activity", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"),
        .. Regional("arn:aws:lambda:{region}:{account}:function:aws-controltower-NotificationForwarder",
            "lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:AddPermission", "lambda:InvokeFunction", "lambda:DeleteFunction"),
        .. Regional("arn:aws:kms:{region}:{account}:key/00000000-0000-0000-0000-000000000000",
            "kms:CreateKey", "kms:PutKeyPolicy", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"),
        .. Regional("arn:aws:ssm:{region}:{account}:parameter/{prefix}/*", "ssm:GetParameters", "ssm:PutParameter"),
    ];

    /// <summary>Well-known names for the wildcards in the default patterns, so messages show a real role name.</summary>
    private static readonly Dictionary<string, string> KnownSamples = new(StringComparer.Ordinal)
    {
        ["role/aws-controltower-*"] = "role/aws-controltower-AdministratorExecutionRole",
        ["role/stacksets-exec-*"] = "role/stacksets-exec-0123456789abcdef0123456789abcdef",
    };

    /// <summary>
    /// One protected principal per ARN pattern of the definition (plus the break-glass role, which is a parameter),
    /// checked in the governed regions (default Tokyo and Osaka) and us-east-1.
    /// </summary>
    public static ImmutableArray<ProtectedPrincipal> FromPatterns(
        PlatformPrincipals principals,
        string breakGlassRoleName,
        IEnumerable<string>? governedRegions = null,
        string resourcePrefix = GovernanceSettings.DefaultResourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(principals);
        var regions = (governedRegions ?? ["ap-northeast-1", "ap-northeast-3"])
            .Append(GlobalRegion)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        var actions = PlatformActions.Select(a => a with { ResourceTemplate = a.ResourceTemplate.Replace("{prefix}", resourcePrefix, StringComparison.Ordinal) }).ToImmutableArray();

        var result = new List<ProtectedPrincipal>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in principals.ProtectedRoleArns)
        {
            var sample = SampleFor(pattern);
            if (seen.Add(sample))
            {
                result.Add(new ProtectedPrincipal(pattern, sample, regions, actions));
            }
        }

        if (!string.IsNullOrEmpty(breakGlassRoleName))
        {
            var breakGlass = $"arn:aws:iam::{SampleAccount}:role/{breakGlassRoleName}";
            if (seen.Add(breakGlass))
            {
                result.Add(new ProtectedPrincipal($"arn:*:iam::*:role/{breakGlassRoleName}", breakGlass, regions, actions));
            }
        }

        return [.. result];
    }

    /// <summary>A concrete ARN matching <paramref name="pattern"/>: partition aws, the sample account, wildcards filled in.</summary>
    internal static string SampleFor(string pattern)
    {
        var parts = pattern.Split(':', 6);
        if (parts.Length != 6)
        {
            return pattern.Replace("*", "Sample", StringComparison.Ordinal).Replace('?', 'x');
        }

        parts[1] = IamWildcard.HasWildcard(parts[1]) ? "aws" : parts[1];
        parts[3] = IamWildcard.HasWildcard(parts[3]) ? string.Empty : parts[3];
        parts[4] = IamWildcard.HasWildcard(parts[4]) ? SampleAccount : parts[4];
        parts[5] = KnownSamples.TryGetValue(parts[5], out var known)
            ? known
            : parts[5].Replace("*", "Sample", StringComparison.Ordinal).Replace('?', 'x');
        return string.Join(':', parts);
    }

    private static IEnumerable<ProtectedAction> Regional(string resource, params string[] actions) =>
        actions.Select(a => new ProtectedAction(a, resource));

    private static IEnumerable<ProtectedAction> Global(string resource, params string[] actions) =>
        actions.Select(a => new ProtectedAction(a, resource, Global: true));
}

/// <summary>One lockout: a Deny statement that blocks a protected principal, with the actions (and regions) it blocks.</summary>
public sealed record LockoutFinding(string PolicyName, string StatementName, string PrincipalArn, ImmutableArray<string> DeniedActions);

/// <summary>The findings of a lockout check; safe when there are none.</summary>
public sealed record LockoutResult(ImmutableArray<LockoutFinding> Findings)
{
    public bool IsSafe => Findings.IsEmpty;
}

/// <summary>
/// Proves that a set of SCPs does not deny the platform principals the actions they need: one denied action in
/// thousands of accounts stops CfCT and Control Tower everywhere, and only the management account could repair it.
/// </summary>
public sealed class LockoutChecker(EvaluationOptions? options = null)
{
    private readonly PolicyEvaluator _evaluator = new(options);

    // The requests depend on the principal only, not on the policies; one checker asked about many policy sets (one per
    // distinct effective set of an organization) makes them once per principal.
    private readonly Dictionary<ProtectedPrincipal, List<(ProtectedAction Action, string Region, RequestContext Request)>> _requests = new(ReferenceEqualityComparer.Instance);

    /// <summary>Each finding is also an error naming the policy, the statement, the principal and the denied actions.</summary>
    public LockoutResult Check(IReadOnlyList<(string Name, PolicyDocument Doc)> policies, IReadOnlyList<ProtectedPrincipal> principals, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(principals);
        ArgumentNullException.ThrowIfNull(diagnostics);

        // (policy, statement, principal) positions → denied "action in region" in check order; sorted so the report follows the input.
        var denied = new SortedDictionary<(int Policy, int Statement, int Principal), (StatementMatch Match, string PrincipalArn, List<string> Actions)>();
        var unsupported = new SortedSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < principals.Count; p++)
        {
            var principal = principals[p];
            foreach (var (action, region, request) in RequestsOf(principal))
            {
                var result = _evaluator.Evaluate(policies, request);
                unsupported.UnionWith(result.UnsupportedOperators);
                foreach (var match in result.Denies)
                {
                    var key = (match.PolicyIndex, match.StatementIndex, p);
                    if (!denied.TryGetValue(key, out var entry))
                    {
                        entry = (match, principal.SampleArn, []);
                        denied[key] = entry;
                    }

                    var what = $"{action.Action} in {region}";
                    if (!entry.Actions.Contains(what))
                    {
                        entry.Actions.Add(what);
                    }
                }
            }
        }

        foreach (var op in unsupported)
        {
            diagnostics.Report(
                DiagnosticCodes.LockoutOperatorUnsupported,
                $"the lockout check cannot evaluate the condition operator '{op}' and assumed it matches",
                null,
                "use one of the operators listed in docs/policies.md, or review the statement by hand");
        }

        var findings = ImmutableArray.CreateBuilder<LockoutFinding>();
        foreach (var (match, principalArn, actions) in denied.Values)
        {
            findings.Add(new LockoutFinding(match.PolicyName, match.StatementName, principalArn, [.. actions]));
        }

        // One statement is one mistake: one error per statement, naming every principal it locks out and what it denies them.
        foreach (var statement in denied.GroupBy(d => (d.Key.Policy, d.Key.Statement)))
        {
            var match = statement.First().Value.Match;
            var actions = statement.SelectMany(d => d.Value.Actions).Distinct(StringComparer.Ordinal).ToList();
            var who = statement.Count() == 1
                ? $"the protected principal {Symbolic(statement.First().Value.PrincipalArn, principals[statement.First().Key.Principal].Pattern)}"
                : $"{statement.Count()} protected principals ({string.Join(", ", statement.Select(d => RoleOf(principals[d.Key.Principal].Pattern)))})";
            diagnostics.Report(
                DiagnosticCodes.LockoutDenied,
                $"policy '{match.PolicyName}' statement {match.StatementName} denies {who}: {Compact(actions, 3)}",
                match.Statement.Location ?? policies[match.PolicyIndex].Doc.Location,
                "exempt the platform principals in every Deny (\"ArnNotLike\": {\"aws:PrincipalArn\": [...]}) and scope user-only rules such as MFA to IAM users (\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::*:user/*\"})");
        }

        return new LockoutResult(findings.ToImmutable());
    }

    /// <summary>The first <paramref name="shown"/> items and how many more.</summary>
    private static string Compact(List<string> items, int shown) =>
        string.Join(", ", items.Take(shown)) + (items.Count > shown ? $" and {items.Count - shown} more" : string.Empty);

    /// <summary>
    /// A principal as a message shows it: the sample account is any member account and says so, and a wildcard of the
    /// pattern stays a wildcard rather than a made-up name.
    /// </summary>
    private static string Symbolic(string sampleArn, string pattern)
    {
        var arn = IamWildcard.HasWildcard(RoleOf(pattern)) && sampleArn.Split(':', 6) is { Length: 6 } parts
            ? string.Join(':', parts[..5]) + ":" + RoleOf(pattern)
            : sampleArn;
        return arn.Replace($":{ProtectedPrincipal.SampleAccount}:", ":<member-account>:", StringComparison.Ordinal);
    }

    /// <summary>The part of a protected principal pattern after the account (<c>role/aws-controltower-*</c>), as the definition names it.</summary>
    private static string RoleOf(string pattern) => pattern.Split(':', 6) is { Length: 6 } parts ? parts[5] : pattern;

    private List<(ProtectedAction Action, string Region, RequestContext Request)> RequestsOf(ProtectedPrincipal principal)
    {
        if (!_requests.TryGetValue(principal, out var requests))
        {
            requests = [];
            foreach (var action in principal.Actions)
            {
                var regions = action.Global ? [ProtectedPrincipal.GlobalRegion] : principal.Regions;
                foreach (var region in regions)
                {
                    requests.AddRange(Requests(principal, action, region).Select(r => (action, region, r)));
                }
            }

            _requests[principal] = requests;
        }

        return requests;
    }

    /// <summary>
    /// The request a role session makes. aws:MultiFactorAuthPresent is tried both absent and "false", since role
    /// sessions carry either depending on how they were created; both must pass.
    /// </summary>
    private static IEnumerable<RequestContext> Requests(ProtectedPrincipal principal, ProtectedAction action, string region)
    {
        var resource = action.ResourceTemplate
            .Replace("{account}", ProtectedPrincipal.SampleAccount, StringComparison.Ordinal)
            .Replace("{region}", region, StringComparison.Ordinal);
        (string, string)[] keys =
        [
            ("aws:PrincipalAccount", ProtectedPrincipal.SampleAccount),
            ("aws:RequestedRegion", region),
            ("aws:PrincipalType", "AssumedRole"),
        ];
        yield return RequestContext.Create(principal.SampleArn, action.Action, resource, keys);
        yield return RequestContext.Create(principal.SampleArn, action.Action, resource, [.. keys, ("aws:MultiFactorAuthPresent", "false")]);
    }
}
