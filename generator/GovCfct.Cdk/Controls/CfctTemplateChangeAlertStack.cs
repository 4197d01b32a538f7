using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Constructs;

namespace GovCfct.Cdk.Controls;

/// <summary>
/// cfct-template-change-alert (management account, home region): CfCT deploys whatever lands on its configuration
/// branch, so any update of that branch by someone other than the approved merge role is an alert. CodeCommit's
/// "Repository State Change" event carries the caller, not the changed files: every branch update outside the
/// approved path is reported, direct pushes and merges by other principals alike (docs/alerts.md).
/// </summary>
public sealed class CfctTemplateChangeAlertStack : CdkControlStack
{
    public CfctTemplateChangeAlertStack(Construct scope, string id, CdkControlInput input)
        : base(scope, id, input)
    {
        // The management account's own event: forwarded to the central bus, where the one topic alerts.
        var alerts = Forwarder();
        var repository = Parameter("CfctRepositoryName").ValueAsString;
        var branch = Parameter("CfctBranchName").ValueAsString;
        var approvedRole = Parameter("ApprovedMergeRoleName").ValueAsString;

        alerts.Forward(this, "UnapprovedTemplateChangeRule", "The CfCT configuration branch changed other than through the approved merge role", new EventPattern
        {
            Source = ["aws.codecommit"],
            DetailType = ["CodeCommit Repository State Change"],
            Resources = [Fn.Sub("arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:${Repo}", new Dictionary<string, string> { ["Repo"] = repository })],
            Detail = new Dictionary<string, object>
            {
                ["event"] = new[] { "referenceCreated", "referenceUpdated", "referenceDeleted" },
                ["referenceType"] = new[] { "branch" },
                ["referenceName"] = new[] { branch },
                ["callerUserArn"] = NotApproved(approvedRole),
            },
        });

        // CfCT's S3 source: the pipeline starts on a CloudTrail data event for this object (CfCT's own trail records the
        // writes of custom-control-tower-configuration.zip in its bucket), so the same records reach EventBridge here.
        alerts.Forward(this, "UnapprovedS3SourceChangeRule", "CfCT's S3 source object was written or deleted other than by the approved releaser", new EventPattern
        {
            Source = ["aws.s3"],
            DetailType = ["AWS API Call via CloudTrail"],
            Detail = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "s3.amazonaws.com" },
                ["eventName"] = new[] { "PutObject", "CopyObject", "CompleteMultipartUpload", "DeleteObject" },
                ["requestParameters"] = new Dictionary<string, object>
                {
                    ["bucketName"] = new[] { Fn.Sub("custom-control-tower-configuration-${AWS::AccountId}-${AWS::Region}") },
                    ["key"] = new[] { "custom-control-tower-configuration.zip" },
                },
                ["userIdentity"] = new Dictionary<string, object> { ["arn"] = NotApproved(approvedRole) },
            },
        });
    }

    /// <summary>
    /// Any caller but the approved releaser: the IAM role <paramref name="approvedRole"/>, or an IAM Identity Center user of
    /// the permission set of that name, whose sessions are <c>assumed-role/AWSReservedSSO_&lt;set&gt;_&lt;hash&gt;/&lt;user&gt;</c>.
    /// </summary>
    private static object[] NotApproved(string approvedRole) =>
    [
        new Dictionary<string, object>
        {
            ["anything-but"] = new Dictionary<string, object>
            {
                ["wildcard"] = new[]
                {
                    Fn.Sub("arn:${AWS::Partition}:sts::${AWS::AccountId}:assumed-role/${Role}/*", new Dictionary<string, string> { ["Role"] = approvedRole }),
                    Fn.Sub("arn:${AWS::Partition}:sts::${AWS::AccountId}:assumed-role/AWSReservedSSO_${Role}_*/*", new Dictionary<string, string> { ["Role"] = approvedRole }),
                },
            },
        },
    ];
}
