using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GovCfct.Core.Diagnostics;

namespace GovCfct.Core.Publishing;

/// <summary>
/// Builds CodeCommit approval-rule content (Version 2018-11-08) from the approvers the user names. CodeCommit
/// matches approvals by the approver's session ARN, so IAM roles become <c>arn:aws:sts::ACCOUNT:assumed-role/NAME/*</c>
/// (Identity Center permission sets are roles named <c>AWSReservedSSO_…</c>; the role path is dropped as STS drops it).
/// </summary>
public static partial class ApprovalRules
{
    /// <summary>The name of the rule GovCfct adds to each pull request and of the repository-wide template.</summary>
    public const string RuleName = "govcfct-approvers";

    /// <summary>Turns an --approver ARN into an approval pool member, or a diagnostic saying what is accepted.</summary>
    public static string? ToPoolMember(string arn, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var role = RoleArn().Match(arn);
        if (role.Success)
        {
            return $"arn:{role.Groups["partition"].Value}:sts::{role.Groups["account"].Value}:assumed-role/{role.Groups["name"].Value}/*";
        }

        if (AssumedRoleArn().IsMatch(arn) || UserArn().IsMatch(arn))
        {
            return arn;
        }

        diagnostics.Report(
            DiagnosticCodes.PublishInvalidApprover,
            $"--approver '{arn}' is not an IAM role, IAM user or STS assumed-role ARN",
            hint: "pass e.g. arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/ap-northeast-1/AWSReservedSSO_Approver_0123456789abcdef");
        return null;
    }

    /// <summary>CodeCommit's quota on approval-rule content (Quotas in AWS CodeCommit: "Approval rule content length").</summary>
    public const int MaxContentLength = 3000;

    /// <summary>CodeCommit's quota on pool members (Quotas in AWS CodeCommit: "Approvers in an approval pool").</summary>
    public const int MaxPoolMembers = 50;

    /// <summary>
    /// The rule content for <paramref name="approvals"/> approvals from <paramref name="pool"/>, or null with diagnostics
    /// when CodeCommit would refuse it or it would not gate anything: an empty pool lets any identity's approval count
    /// (so the build's own colleagues, or a second build role, could approve), so it is refused rather than created.
    /// </summary>
    public static string? Checked(int approvals, IReadOnlyList<string> pool, string? destinationBranch, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var members = pool.Distinct(StringComparer.Ordinal).Count();
        if (members == 0)
        {
            diagnostics.Report(
                DiagnosticCodes.PublishApprovalPoolEmpty,
                $"an approval rule needing {approvals} approval(s) has no approver pool: any IAM identity's approval would count",
                hint: "name the approvers' roles with --approver (in the buildspec: APPROVER_ROLE_ARNS)");
            return null;
        }

        if (members > MaxPoolMembers)
        {
            diagnostics.Report(
                DiagnosticCodes.PublishApprovalRuleInvalid,
                $"the approval pool has {members} members; CodeCommit allows at most {MaxPoolMembers}",
                hint: "name roles (everyone in a role is one pool member) instead of single sessions or users");
            return null;
        }

        var content = Content(approvals, pool, destinationBranch);
        if (content.Length > MaxContentLength)
        {
            diagnostics.Report(
                DiagnosticCodes.PublishApprovalRuleInvalid,
                $"the approval rule is {content.Length} characters; CodeCommit allows at most {MaxContentLength}",
                hint: "name fewer, shorter approvers: roles rather than single sessions");
            return null;
        }

        return content;
    }

    /// <summary>Rule content requiring <paramref name="approvals"/> approvals from the pool (any IAM identity when the pool is empty).</summary>
    public static string Content(int approvals, IReadOnlyList<string> pool, string? destinationBranch = null)
    {
        var statement = new JsonObject { ["Type"] = "Approvers", ["NumberOfApprovalsNeeded"] = approvals };
        if (pool.Count > 0)
        {
            statement["ApprovalPoolMembers"] = new JsonArray([.. pool.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(p => (JsonNode)p)]);
        }

        var content = new JsonObject { ["Version"] = "2018-11-08" };
        if (destinationBranch is not null)
        {
            content["DestinationReferences"] = new JsonArray("refs/heads/" + destinationBranch);
        }

        content["Statements"] = new JsonArray(statement);
        return content.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    [GeneratedRegex(@"^arn:(?<partition>aws[a-z-]*):iam::(?<account>\d{12}):role/(?:[\w+=,.@/-]*/)?(?<name>[\w+=,.@-]+)\z")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:sts::\d{12}:assumed-role/[\w+=,.@-]+/(\*|[\w+=,.@-]+)\z")]
    private static partial Regex AssumedRoleArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:user/(?:[\w+=,.@/-]*/)?[\w+=,.@-]+\z")]
    private static partial Regex UserArn();
}
